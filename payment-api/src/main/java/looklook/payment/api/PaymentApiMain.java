package looklook.payment.api;

import java.util.Map;
import looklook.payment.api.config.PaymentApiConfig;
import looklook.payment.api.handler.Routes;
import looklook.payment.api.svc.ServiceContext;
import looklook.pkg.alipay.AlipayEndpoints;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.crypto.NativeCrypto;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.wechat.WechatEndpoints;
import looklook.pkg.rest.RestServer;

/** {@code java -jar payment-api.jar -f etc/payment-api.yaml}. */
public final class PaymentApiMain {
    private PaymentApiMain() {
    }

    public static void main(String[] args) {
        Launcher.run("payment-api", () -> {
            PaymentApiConfig c = ConfLoader.fromArgs(args, "etc/payment-api.yaml", PaymentApiConfig.class);
            // a production config with sandbox endpoints refuses to start here, before anything listens
            WechatEndpoints.check("payment-api", c.wxPayConf());
            if (c.alipayConf() != null && c.alipayConf().offered()) {
                AlipayEndpoints.check("payment-api", c.alipayConf());
            }
            return start(c);
        });
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(PaymentApiConfig c) throws Exception {
        // before ServiceContext loads the merchant keys: a key loaded earlier signs at the JDK's speed
        NativeCrypto.install("payment-api");
        ServiceContext svc = new ServiceContext(c);
        RestServer http = Routes.register(new RestServer(c.rest(), svc.metrics()).limits(svc.rateLimits()), svc).start();
        DevServer dev = DevServer.start(c.devServer(), svc.metrics(), Map.of(
                "order-rpc", Checks.rpc(svc.orderChannel()),
                "payment-rpc", Checks.rpc(svc.paymentChannel()),
                "usercenter-rpc", Checks.rpc(svc.usercenterChannel())));
        return () -> {
            http.close();
            dev.close();
            svc.close();
        };
    }
}
