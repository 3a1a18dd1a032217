package looklook.payment.rpc;

import java.util.List;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.payment.rpc.server.PaymentServer;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayEndpoints;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.crypto.NativeCrypto;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.wechat.WechatEndpoints;
import looklook.pkg.rpc.RpcServer;

/** {@code java -jar payment-rpc.jar -f etc/payment-rpc.yaml}. */
public final class PaymentRpcMain {
    private PaymentRpcMain() {
    }

    public static void main(String[] args) {
        Launcher.run("payment-rpc", () -> {
            PaymentRpcConfig c = ConfLoader.fromArgs(args, "etc/payment-rpc.yaml", PaymentRpcConfig.class);
            // a production config with sandbox endpoints refuses to start here, before anything listens
            WechatEndpoints.check("payment-rpc", c.wxPayConf());
            if (c.alipayConf() != null && c.alipayConf().offered()) {
                AlipayEndpoints.check("payment-rpc", c.alipayConf());
            }
            return start(c);
        });
    }

    /** Starts the process's servers and its outbox relay; closing the result stops them in order. */
    public static AutoCloseable start(PaymentRpcConfig c) throws Exception {
        // before ServiceContext loads the merchant keys: a key loaded earlier signs at the JDK's speed
        NativeCrypto.install("payment-rpc");
        ServiceContext svc = new ServiceContext(c);
        try {
            RpcServer rpc = new RpcServer(c.rpcServer(), svc.metrics(), List.of(new PaymentServer(svc))).start();
            // Kafka is not a readiness check: an outage only delays events, the outbox keeps them
            DevServer dev = DevServer.start(c.devServer(), svc.metrics(), Checks.rpcServer(svc.dataSource(), c.etcd()));
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
