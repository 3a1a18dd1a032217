package looklook.usercenter.api;

import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.wechat.WechatEndpoints;
import looklook.pkg.rest.RestServer;
import looklook.usercenter.api.config.UsercenterApiConfig;
import looklook.usercenter.api.handler.Routes;
import looklook.usercenter.api.svc.ServiceContext;

/** {@code java -jar usercenter-api.jar -f etc/usercenter-api.yaml}. */
public final class UsercenterApiMain {
    private UsercenterApiMain() {
    }

    public static void main(String[] args) {
        Launcher.run("usercenter-api", () -> {
            UsercenterApiConfig c = ConfLoader.fromArgs(args, "etc/usercenter-api.yaml", UsercenterApiConfig.class);
            // a production config with sandbox endpoints refuses to start here, before anything listens
            WechatEndpoints.check("usercenter-api", c.wxMiniConf());
            return start(c);
        });
    }

    /** Starts the process's servers; closing the result stops them in order. */
    public static AutoCloseable start(UsercenterApiConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        RestServer http = Routes.register(new RestServer(c.rest(), svc.metrics()).limits(svc.rateLimits()), svc).start();
        DevServer dev = DevServer.start(c.devServer(), svc.metrics(),
                Map.of("usercenter-rpc", Checks.rpc(svc.usercenterChannel())));
        return () -> {
            http.close();
            dev.close();
            svc.close();
        };
    }
}
