package looklook.sandbox;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.crypto.NativeCrypto;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.Launcher;
import looklook.pkg.ops.Metrics;
import looklook.sandbox.config.SandboxConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar sandbox.jar -f etc/sandbox.yaml}. */
public final class SandboxMain {
    private static final Logger log = LoggerFactory.getLogger(SandboxMain.class);

    private SandboxMain() {
    }

    public static void main(String[] args) {
        Launcher.run("sandbox", () -> {
            SandboxConfig c = ConfLoader.fromArgs(args, "etc/sandbox.yaml", SandboxConfig.class);
            // WeChat signs with native code too; on two shared cores the simulator's signatures are the mesh's loss
            NativeCrypto.install("sandbox");
            PrometheusMeterRegistry metrics = Metrics.registry(c.name());
            Sandbox sim = Sandbox.start(c, metrics);
            DevServer dev = c.devServer() == null ? null : DevServer.start(c.devServer(), metrics, Map.of());
            log.info("sandbox serving {} (side port {})", sim.baseUrl(), dev == null ? "none" : dev.port());
            return () -> {
                sim.close();
                if (dev != null) {
                    dev.close();
                }
            };
        });
    }
}
