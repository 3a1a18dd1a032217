package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import looklook.pkg.events.JobQueues;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.jobq.TaskSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.JedisPooled;

/** What the mesh holds once it is quiet: WeChat's books and inbox, dead letters, the outboxes and the job queue. */
final class MeshState {
    private final TestMesh mesh;

    MeshState(TestMesh mesh) {
        this.mesh = mesh;
    }

    /** The simulator's transaction for a prepay id. */
    JsonNode transaction(String prepayId) throws IOException, InterruptedException {
        for (JsonNode t : mesh.ledger().path("transactions")) {
            if (t.path("prepay_id").asText().equals(prepayId)) {
                return t;
            }
        }
        throw new AssertionError("no transaction with prepay_id " + prepayId + " in the simulator's ledger");
    }

    /** Subscribe messages in {@code openid}'s inbox, counted by the order sn their page opens. */
    Map<String, Integer> messagesByOrder(String openid) throws IOException, InterruptedException {
        Map<String, Integer> n = new HashMap<>();
        for (JsonNode m : mesh.inbox(openid)) {
            String page = m.path("page").asText();
            n.merge(page.substring(page.indexOf("?sn=") + 4), 1, Integer::sum);
        }
        return n;
    }

    /** Records ever written to {@code topic} (0 when it was never created). */
    long records(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.kafka.bootstrap());
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            Map<TopicPartition, Long> begin = c.beginningOffsets(parts, Duration.ofSeconds(10));
            return c.endOffsets(parts, Duration.ofSeconds(10)).entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    /** Moves {@code group}'s committed offsets on {@code topic} back to the start, as an operator replaying it would; the group must be idle. */
    void rewind(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.kafka.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet().stream()
                    .filter(tp -> tp.topic().equals(topic)).forEach(tp -> start.put(tp, new OffsetAndMetadata(0)));
            if (start.isEmpty()) {
                throw new AssertionError("group " + group + " has committed nothing on " + topic);
            }
            admin.alterConsumerGroupOffsets(group, start).all().get();
        }
    }

    /** Records of {@code topic} that {@code group} has not committed yet. */
    long lag(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, mesh.kafka.bootstrap()));
             KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     mesh.kafka.bootstrap()), new StringDeserializer(), new StringDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(parts, Duration.ofSeconds(10)).entrySet().stream().mapToLong(e -> e.getValue()
                    - (committed.get(e.getKey()) == null ? 0 : committed.get(e.getKey()).offset())).sum();
        }
    }

    /** Outbox rows of {@code module}'s database not yet sent. */
    long unsentOutbox(String module) {
        var dsn = mesh.database(module);
        Jdbi db = Jdbi.create(dsn.jdbcUrl(), dsn.user(), dsn.password());
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").mapTo(Long.class).one());
    }

    /**
     * The job queue's counts (scheduled, retry, active, archived) in the private Redis, with
     * {@code pending} summed over every queue mqueue-job takes.
     */
    Map<String, Long> jobs() {
        try (JedisPooled r = Redis.client(mesh.redis.conf())) {
            JobClient jobs = new JobClient(r, JobClient.DEFAULT_NAMESPACE);
            Map<String, Long> counts = new HashMap<>(jobs.counts(TaskSpec.DEFAULT_QUEUE));
            counts.put("pending", JobQueues.WEIGHTS.keySet().stream().mapToLong(q -> jobs.counts(q).get("pending")).sum());
            return counts;
        }
    }

    /** Each paid order of {@code users} has exactly its two messages, and no other order of theirs has any. */
    void assertEachPaidOnce(List<MiniProgram.User> users, List<MiniProgram.Booking> paid) throws IOException, InterruptedException {
        for (MiniProgram.User u : users) {
            Map<String, Integer> expected = new HashMap<>();
            paid.stream().filter(b -> b.user().equals(u)).forEach(b -> expected.put(b.orderSn(), 2));
            assertThat(messagesByOrder(u.openid())).as("messages of %s by order", u.openid())
                    .isEqualTo(expected);
        }
    }
}
