package looklook.wechat.sim;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Metrics;
import looklook.wechat.sim.config.WechatSimConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar wechat-sim.jar -f etc/wechat-sim.yaml}. */
public final class WechatSimMain {
    private static final Logger log = LoggerFactory.getLogger(WechatSimMain.class);

    private WechatSimMain() {
    }

    public static void main(String[] args) throws Exception {
        WechatSimConfig c;
        try {
            c = ConfLoader.fromArgs(args, "etc/wechat-sim.yaml", WechatSimConfig.class);
        } catch (ConfException e) {
            System.err.println("wechat-sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry metrics = Metrics.registry(c.name());
        WechatSim sim = WechatSim.start(c, metrics);
        DevServer dev = c.devServer() == null ? null : DevServer.start(c.devServer(), metrics, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("wechat-sim stopping");
            sim.close();
            if (dev != null) {
                dev.close();
            }
            stopped.countDown();
        }, "shutdown"));
        log.info("wechat-sim started: {} (side port {})", sim.baseUrl(), dev == null ? "none" : dev.port());
        stopped.await();
    }
}
