package looklook.pkg.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what lands on a shared topic from now on (its end when created), so a test sees only the
 * records of its own run however long the topic's history is.
 */
public final class TopicTail implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer;

    public TopicTail(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.unique("tail"));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (parts.isEmpty() && System.nanoTime() < deadline) {
            // asking for a missing topic creates it (auto.create.topics.enable)
            for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
                parts.add(new TopicPartition(i.topic(), i.partition()));
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " has no partitions");
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve "end" now, before the test produces
    }

    /** The records matching {@code filter}, polled until {@code expected} arrived plus a second for extras. */
    public List<ConsumerRecord<String, String>> read(Predicate<ConsumerRecord<String, String>> filter, int expected, Duration timeout) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long extraUntil = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, extraUntil)) {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                if (filter.test(r)) {
                    out.add(r);
                }
            });
            if (out.size() >= expected && extraUntil == Long.MAX_VALUE) {
                extraUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            }
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
