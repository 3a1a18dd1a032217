package looklook.pkg.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The operator's dead-letter command against the real broker: list with reasons, replay chosen or all. */
class DeadLettersIT {
    private static final KafkaConf CONF = new KafkaConf(List.of(TestInfra.kafkaBootstrap()));

    @Test
    void list_showsEachLetterWithItsReason_andReplay_putsChosenOnesBackOnTheirTopic() throws Exception {
        String topic = TestInfra.unique("orders");
        String dlqTopic = topic + "-dlq";
        try (Producer<String, String> p = Kafka.producer(CONF, "dlq-test")) {
            for (int i = 0; i < 3; i++) {
                ProducerRecord<String, String> r = new ProducerRecord<>(dlqTopic, "key" + i, "{\"n\":" + i + "}");
                r.headers().add("eventId", ("e" + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add(KafkaQueue.DLQ_REASON, ("failed " + i).getBytes(StandardCharsets.UTF_8));
                r.headers().add(KafkaQueue.DLQ_ORIGIN, (topic + "-0@" + i).getBytes(StandardCharsets.UTF_8));
                p.send(r).get();
            }
            DeadLetters dlq = new DeadLetters(CONF, dlqTopic);
            List<DeadLetters.Letter> letters = dlq.list();
            assertThat(letters).extracting(DeadLetters.Letter::key, DeadLetters.Letter::reason, DeadLetters.Letter::origin)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("key0", "failed 0", topic + "-0@0"),
                            org.assertj.core.groups.Tuple.tuple("key1", "failed 1", topic + "-0@1"),
                            org.assertj.core.groups.Tuple.tuple("key2", "failed 2", topic + "-0@2"));
            assertThat(dlq.count()).isEqualTo(3);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            Runnable stopCounting = dlq.registerGauge(metrics);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(metrics.get("kafka.dead_letters").tag("topic", dlqTopic).gauge().value()).isEqualTo(3.0));

            DeadLetters.Letter second = letters.stream().filter(l -> l.key().equals("key1")).findFirst().orElseThrow();
            assertThat(dlq.replay(DeadLetters.ids(Set.of(second.id())), p)).isEqualTo(1);
            List<ConsumerRecord<String, String>> chosen = TestKafka.readAll(topic, 1, Duration.ofSeconds(20));
            assertThat(chosen).extracting(ConsumerRecord::key).containsExactly("key1");
            ConsumerRecord<String, String> first = chosen.get(0);
            assertThat(first.headers().lastHeader(KafkaQueue.DLQ_REASON)).as("dead-letter headers stay behind").isNull();
            assertThat(new String(first.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8)).isEqualTo("e1");
            assertThat(new String(first.headers().lastHeader(DeadLetters.REPLAYED_FROM).value(), StandardCharsets.UTF_8))
                    .isEqualTo(dlqTopic + "-" + second.id());
            assertThat(dlq.replay(l -> true, p)).isEqualTo(3);
            assertThat(TestKafka.readAll(topic, 4, Duration.ofSeconds(20))).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("key1", "key0", "key1", "key2");
            assertThat(dlq.list()).as("the dead-letter topic itself is never changed").hasSize(3);
            stopCounting.run();
        }
    }
}
