package looklook.wechat.sim;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.ops.Metrics;
import looklook.wechat.sim.config.WechatSimConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar wechat-sim.jar -f etc/wechat-sim.yaml}. */
public final class WechatSimMain {
    private static final Logger log = LoggerFactory.getLogger(WechatSimMain.class);

    private WechatSimMain() {
    }

    public static void main(String[] args) {
        Launcher.run("wechat-sim", () -> {
            WechatSimConfig c = ConfLoader.fromArgs(args, "etc/wechat-sim.yaml", WechatSimConfig.class);
            PrometheusMeterRegistry metrics = Metrics.registry(c.name());
            WechatSim sim = WechatSim.start(c, metrics);
            DevServer dev = c.devServer() == null ? null : DevServer.start(c.devServer(), metrics, Map.of());
            log.info("wechat-sim serving {} (side port {})", sim.baseUrl(), dev == null ? "none" : dev.port());
            return () -> {
                sim.close();
                if (dev != null) {
                    dev.close();
                }
            };
        });
    }
}
