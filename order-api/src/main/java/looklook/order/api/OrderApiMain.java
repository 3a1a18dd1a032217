package looklook.order.api;

import java.util.Map;
import looklook.order.api.config.OrderApiConfig;
import looklook.order.api.handler.Routes;
import looklook.order.api.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.rest.RestServer;

/** {@code java -jar order-api.jar -f etc/order-api.yaml}. */
public final class OrderApiMain {
    private OrderApiMain() {
    }

    public static void main(String[] args) {
        Launcher.run("order-api", () -> start(ConfLoader.fromArgs(args, "etc/order-api.yaml", OrderApiConfig.class)));
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(OrderApiConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        RestServer http = Routes.register(new RestServer(c.rest(), svc.metrics()).limits(svc.rateLimits()), svc).start();
        DevServer dev = DevServer.start(c.devServer(), svc.metrics(), Map.of("order-rpc", Checks.rpc(svc.orderChannel())));
        return () -> {
            http.close();
            dev.close();
            svc.close();
        };
    }
}
