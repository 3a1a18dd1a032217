package looklook.pkg.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what landed on a topic of the test broker. */
public final class TestKafka {
    private TestKafka() {
    }

    /** Polls {@code topic} from its start until {@code count} records arrived, then a little longer to catch extras. */
    public static List<ConsumerRecord<String, String>> readAll(String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.unique("reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long extraUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, extraUntil)) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= count && extraUntil == Long.MAX_VALUE) {
                    extraUntil = System.nanoTime() + Duration.ofMillis(700).toNanos();
                }
            }
        }
        return out;
    }
}
