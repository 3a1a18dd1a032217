package looklook.pkg.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process of the mesh run from its real jar ({@code <module>/target/<module>.jar}) with a config
 * derived from the committed {@code etc/<module>.yaml}, as {@code ./mesh up} runs it: tests see
 * exactly what users run, shading and all.
 */
public final class MeshProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String module;
    private final Process process;
    private final Path log;
    private final int devPort;

    private MeshProcess(String module, Process process, Path log, int devPort) {
        this.module = module;
        this.process = process;
        this.log = log;
        this.devPort = devPort;
    }

    /**
     * A port free right now on loopback, taken below the kernel's ephemeral range: a port the kernel
     * hands out (port 0) is also what it gives outgoing connections, so in the seconds before the
     * process binds it, or while a test has that process down, any client socket may take it and the
     * process fails with "address already in use". Below the range only a listener takes a port.
     */
    public static int freePort() throws IOException {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = LOW_PORT + RANDOM.nextInt(below - LOW_PORT);
            if (!HANDED_OUT.add(candidate)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                return candidate;
            } catch (IOException taken) {
                // a listener of another test or program: try another
            }
        }
        throw new IOException("no free port between " + LOW_PORT + " and " + below);
    }

    private static final int LOW_PORT = 20000;
    private static final Random RANDOM = new SecureRandom();
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOW_PORT + 1000 ? low : 32768;
        } catch (IOException | RuntimeException notLinux) {
            return 32768;
        }
    }

    /** The committed config of {@code module} with each key of {@code replace} replaced by its value. */
    public static String etc(String module, Map<String, String> replace) throws IOException {
        String yaml = Files.readString(TestInfra.repoRoot().resolve("etc/" + module + ".yaml"));
        for (Map.Entry<String, String> r : replace.entrySet()) {
            if (!yaml.contains(r.getKey())) {
                throw new IllegalArgumentException("etc/" + module + ".yaml has no " + r.getKey());
            }
            yaml = yaml.replace(r.getKey(), r.getValue());
        }
        return yaml;
    }

    /** Starts the jar with {@code yaml} and waits until {@code /healthz} on {@code devPort} answers 200. */
    public static MeshProcess start(String module, String yaml, Map<String, String> env, int devPort, Path dir)
            throws IOException, InterruptedException {
        Path conf = dir.resolve(module + ".yaml");
        Files.writeString(conf, yaml);
        Path log = dir.resolve(module + ".log");
        Path jar = TestInfra.repoRoot().resolve(module + "/target/" + module + ".jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first");
        }
        // a test's process lives seconds on two shared cores: the C1 compiler alone starts it about a
        // third faster, and the code it runs is the same
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "-f", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        MeshProcess p = new MeshProcess(module, pb.start(), log, devPort);
        p.awaitHealthy(Duration.ofSeconds(60));
        return p;
    }

    /** Waits for {@code /healthz} to answer 200. */
    public void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (health() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(module + " not healthy after " + timeout + ":\n" + logTail());
    }

    /** The status of {@code /healthz}, or -1 when nothing answers. */
    public int health() throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devPort + "/healthz"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code /metrics} text. */
    public String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The last lines the process printed. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The whole log. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM, as {@code ./mesh down} sends; returns the exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
