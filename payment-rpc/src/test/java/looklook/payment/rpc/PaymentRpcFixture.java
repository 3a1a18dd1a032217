package looklook.payment.rpc;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import looklook.payment.rpc.server.PaymentServer;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.payment.paymentGrpc;

/**
 * payment-rpc served on loopback gRPC over a fresh database, with the simulator (delays scaled by
 * 0.001) as WeChat and the order-rpc double as its orders; closed in reverse order.
 */
record PaymentRpcFixture(SandboxProcess.Running sim, MysqlDsn dsn, OrderRpcDouble orders, ServiceContext svc,
                         RpcServer server, ManagedChannel channel, paymentGrpc.paymentBlockingStub rpc) implements AutoCloseable {

    /** {@code refundQueryAfterMs}: when the refund pump queries an accepted refund (null: the default minute). */
    static PaymentRpcFixture start(Path dir, Long refundQueryAfterMs) throws Exception {
        SandboxProcess.Running sim = SandboxProcess.start(dir, 0.001);
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_payment");
        OrderRpcDouble orders = new OrderRpcDouble();
        ServiceContext svc = new ServiceContext(PaymentRpcIT.config(dsn, sim, orders.conf(), refundQueryAfterMs));
        RpcServer server = new RpcServer(svc.config().rpcServer(), svc.metrics(), List.of(new PaymentServer(svc))).start();
        ManagedChannel channel = RpcClients.channel(RpcClientConf.direct(List.of("127.0.0.1:" + server.port())), svc.metrics());
        return new PaymentRpcFixture(sim, dsn, orders, svc, server, channel, paymentGrpc.newBlockingStub(channel));
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.close();
        svc.close();
        orders.close();
        sim.close();
        DataSources.dropDatabase(dsn);
    }
}
