package looklook.pkg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own (append-only file under the test's directory, like the mesh's),
 * that the test may kill and start again without touching the shared one.
 */
public final class PrivateRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private PrivateRedis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a server whose data lives under {@code dir}. */
    public static PrivateRedis start(Path dir) throws Exception {
        PrivateRedis r = new PrivateRedis(dir, MeshProcess.freePort());
        r.startAgain();
        return r;
    }

    /** {@code host:port}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port and data, and waits until it takes connections. */
    public void startAgain() throws Exception {
        process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--save", ""))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port);
    }

    /** Kills the server (its append-only file keeps what was written), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
