package looklook.pkg.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A KRaft broker of the test's own, run from the jars {@code ./mesh} fetched into
 * {@code .mesh/kafka/libs}, that the test may stop and start again (the shared broker must stay
 * up for everyone else). Its data survives a restart, as a real broker's does.
 */
public final class PrivateKafka implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Path props;
    private Process process;

    private PrivateKafka(Path dir, int port, Path props) {
        this.dir = dir;
        this.port = port;
        this.props = props;
    }

    /** Formats a data directory under {@code dir} and starts the broker. */
    public static PrivateKafka start(Path dir) throws Exception {
        Path libs = TestInfra.repoRoot().resolve(".mesh/kafka/libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException(libs + " is missing: run ./mesh infra first");
        }
        int port = MeshProcess.freePort();
        int controller = MeshProcess.freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "num.partitions=1", "auto.create.topics.enable=true",
                "group.initial.rebalance.delay.ms=0") + "\n");
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(uuidBytes());
        // one word: a base64url id may start with '-', which the parser would read as an option
        Process format = java(dir, "format.log", "kafka.tools.StorageTool", "format", "--cluster-id=" + clusterId,
                "-c", props.toString());
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        PrivateKafka k = new PrivateKafka(dir, port, props);
        k.startAgain();
        return k;
    }

    /** {@code host:port} to bootstrap from. */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same port and data, and waits until it takes connections. */
    public void startAgain() throws Exception {
        Files.deleteIfExists(dir.resolve("broker.log"));
        process = java(dir, "broker.log", "kafka.Kafka", props.toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka exited: " + Files.readString(dir.resolve("broker.log")));
            }
            if (Files.exists(dir.resolve("broker.log")) && Files.readString(dir.resolve("broker.log")).contains("Kafka Server started")
                    && accepts()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("kafka not ready after 60 s");
    }

    /** Kills the broker (no clean shutdown), as a crash would. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Process java(Path dir, String log, String... mainAndArgs) throws IOException {
        Path root = TestInfra.repoRoot();
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + root.resolve("deploy/kafka/log4j2.yaml"),
                "-Dkafka.logs.dir=" + dir.resolve("logs"),
                "-cp", root.resolve(".mesh/kafka/libs") + "/*"));
        cmd.addAll(List.of(mainAndArgs));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile()).start();
    }

    private static byte[] uuidBytes() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return b.array();
    }
}
