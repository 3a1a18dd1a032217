package looklook.pkg.ops;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import looklook.pkg.conf.ConfException;
import looklook.pkg.discovery.EtcdClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The body of every process's main: start, then block until SIGTERM/SIGINT, then close what
 * was started (servers first, then their dependencies). A bad config prints one line naming
 * the key and exits 2, without a stack trace.
 */
public final class Launcher {
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    /** Runs {@code start}, whose result is closed on shutdown. Does not return. */
    public static void run(String process, Callable<AutoCloseable> start) {
        // gRPC and jetcd log through java.util.logging: one format, one stream
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        AutoCloseable running;
        try {
            running = start.call();
        } catch (ConfException e) {
            System.err.println(process + ": " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            log.error("{} failed to start: {}", process, e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("{} stopping", process);
            try {
                running.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", process, e.toString());
            } finally {
                EtcdClients.closeAll();
                stopped.countDown();
            }
        }, "shutdown"));
        log.info("{} started", process);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
