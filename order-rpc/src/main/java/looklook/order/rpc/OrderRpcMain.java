package looklook.order.rpc;

import java.util.List;
import java.util.Map;
import looklook.order.rpc.config.OrderRpcConfig;
import looklook.order.rpc.server.OrderServer;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Launcher;
import looklook.pkg.rpc.RpcServer;

/** {@code java -jar order-rpc.jar -f etc/order-rpc.yaml}. */
public final class OrderRpcMain {
    private OrderRpcMain() {
    }

    public static void main(String[] args) {
        Launcher.run("order-rpc", () -> start(ConfLoader.fromArgs(args, "etc/order-rpc.yaml", OrderRpcConfig.class)));
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(OrderRpcConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        try {
            svc.outboxRelay().start();
            RpcServer rpc = new RpcServer(c.rpcServer(), svc.metrics(), List.of(new OrderServer(svc))).start();
            Map<String, HealthCheck> checks = Checks.rpcServer(svc.dataSource(), c.etcd());
            checks.put("redis", Checks.redis(svc.redis()));
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
