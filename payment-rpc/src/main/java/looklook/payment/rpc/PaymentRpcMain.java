package looklook.payment.rpc;

import java.util.List;
import java.util.Map;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.payment.rpc.server.PaymentServer;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Launcher;
import looklook.pkg.rpc.RpcServer;

/** {@code java -jar payment-rpc.jar -f etc/payment-rpc.yaml}. */
public final class PaymentRpcMain {
    private PaymentRpcMain() {
    }

    public static void main(String[] args) {
        Launcher.run("payment-rpc", () -> start(ConfLoader.fromArgs(args, "etc/payment-rpc.yaml", PaymentRpcConfig.class)));
    }

    /** Starts the process's servers and its outbox relay; closing the result stops them in order. */
    public static AutoCloseable start(PaymentRpcConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        try {
            RpcServer rpc = new RpcServer(c.rpcServer(), svc.metrics(), List.of(new PaymentServer(svc))).start();
            // Kafka is not a readiness check: an outage only delays events, the outbox keeps them
            Map<String, HealthCheck> checks = c.etcd() == null
                    ? Map.of("db", Checks.database(svc.dataSource()))
                    : Map.of("db", Checks.database(svc.dataSource()), "etcd", Checks.etcd(EtcdClients.get(c.etcd().hosts())));
            DevServer dev = DevServer.start(c.devServer(), svc.metrics(), checks);
            return () -> {
                rpc.close();
                dev.close();
                svc.close();
            };
        } catch (Exception | Error e) {
            svc.close();
            throw e;
        }
    }
}
