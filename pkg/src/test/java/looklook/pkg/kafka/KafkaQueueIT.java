package looklook.pkg.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class KafkaQueueIT {
    private static final KafkaConf CONF = new KafkaConf(List.of(TestInfra.kafkaBootstrap()));
    private static final Producer<String, String> PRODUCER = Kafka.producer(CONF, "kq-test");
    private final String topic = TestInfra.unique("kq");
    private final String group = TestInfra.unique("kq-group");

    @AfterAll
    static void close() {
        PRODUCER.close();
    }

    private void produce(String key, String value) throws Exception {
        PRODUCER.send(new ProducerRecord<>(topic, key, value)).get();
    }

    private KafkaQueue queue(KafkaQueue.Handler h) {
        return new KafkaQueue(CONF, new KafkaQueue.Options(topic, group, 3, Duration.ofMillis(50)), h, PRODUCER,
                new SimpleMeterRegistry()).start();
    }

    @Test
    void handledRecords_areCommittedAndNotDeliveredAgain() throws Exception {
        for (int i = 0; i < 20; i++) {
            produce("k" + (i % 4), "v" + i);
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        try (KafkaQueue q = queue(r -> seen.add(r.value()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 20);
        }
        List<String> again = new CopyOnWriteArrayList<>();
        produce("k0", "after-restart");
        try (KafkaQueue q = queue(r -> again.add(r.value()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> again.contains("after-restart"));
            Thread.sleep(500);
        }
        assertThat(again).containsExactly("after-restart");
    }

    @Test
    void handledRecords_areCommittedSoonAfter_whileTheQueueRuns_andNoMoreCome() throws Exception {
        // what a kill -9 would find: commits are spaced, yet the last one goes without waiting for a next record or close
        for (int i = 0; i < 20; i++) {
            produce("k" + (i % 4), "v" + i);
        }
        List<String> seen = new CopyOnWriteArrayList<>();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        try (KafkaQueue q = queue(r -> seen.add(r.value())); Admin admin = Admin.create(p)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 20);
            await().atMost(Duration.ofSeconds(2)).until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get().values().stream().mapToLong(OffsetAndMetadata::offset).sum() == 20);
        }
    }

    @Test
    void failingRecord_isRetriedAndItsPartitionWaitsForIt() throws Exception {
        produce("same-key", "first");
        produce("same-key", "second");
        AtomicInteger firstTries = new AtomicInteger();
        List<String> order = new CopyOnWriteArrayList<>();
        try (KafkaQueue q = queue(r -> {
            if (r.value().equals("first") && firstTries.incrementAndGet() < 3) {
                throw new IllegalStateException("the record's own failure"); // an outage would not spend its tries
            }
            order.add(r.value());
        })) {
            await().atMost(Duration.ofSeconds(30)).until(() -> order.size() == 2);
        }
        assertThat(order).containsExactly("first", "second");
        assertThat(firstTries.get()).isEqualTo(3);
    }

    @Test
    void recordOutOfRetriesOrPoison_goesToTheDlqWithItsReason_andThePartitionMovesOn() throws Exception {
        produce("k", "always-fails");
        produce("k", "not json");
        produce("k", "fine");
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        try (KafkaQueue q = queue(r -> {
            tries.computeIfAbsent(r.value(), k -> new AtomicInteger()).incrementAndGet();
            if (r.value().equals("always-fails")) {
                throw new IllegalStateException("still down");
            }
            if (r.value().equals("not json")) {
                throw new PoisonMessageException("payload is not JSON", null);
            }
            handled.add(r.value());
        })) {
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("fine"));
        }
        assertThat(tries.get("always-fails").get()).isEqualTo(3);
        assertThat(tries.get("not json").get()).isEqualTo(1);

        List<ConsumerRecord<String, String>> dlq = TestKafka.readAll(topic + "-dlq", 2, Duration.ofSeconds(20));
        assertThat(dlq).extracting(ConsumerRecord::value).containsExactly("always-fails", "not json");
        assertThat(new String(dlq.get(0).headers().lastHeader(KafkaQueue.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .contains("failed 3 time(s)").contains("still down");
        assertThat(new String(dlq.get(1).headers().lastHeader(KafkaQueue.DLQ_REASON).value(), StandardCharsets.UTF_8))
                .startsWith("poison: payload is not JSON");
        assertThat(new String(dlq.get(0).headers().lastHeader(KafkaQueue.DLQ_ORIGIN).value(), StandardCharsets.UTF_8))
                .startsWith(topic + "-");
    }
}
