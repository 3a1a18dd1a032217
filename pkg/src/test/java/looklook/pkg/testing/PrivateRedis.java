package looklook.pkg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import looklook.pkg.conf.RedisConf;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own (append-only file under the test's directory, like the mesh's),
 * that the test may kill and start again without touching the shared one. Like the mesh's it wants a
 * password (its own, random; in a config file under the directory, not on the command line).
 */
public final class PrivateRedis implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final String password = TestInfra.unique("pw").replace("-", "");
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

    /** The password the server requires. */
    public String password() {
        return password;
    }

    /** This server as a config's {@code Redis} block. */
    public RedisConf conf() {
        return new RedisConf(hostPort(), password);
    }

    /** Starts the server (again) on the same port and data, and waits until it takes connections. */
    public void startAgain() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "requirepass " + password + "\n");
        process = new ProcessBuilder(List.of("redis-server", conf.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
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
