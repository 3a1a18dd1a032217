package looklook.pkg.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import looklook.pkg.conf.DbConf;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.PrivateKafka;
import looklook.pkg.testing.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker crash while events keep being committed: they wait in the outbox and all arrive after the restart. */
class OutboxRelayBrokerRestartIT {
    @Test
    void brokerKilledWhileEventsAreCommitted_everyEventIsPublishedAfterItReturns(@TempDir Path tmp) throws Exception {
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_outbox");
        String topic = "payment-update-paystatus-topic";
        try (PrivateKafka kafka = PrivateKafka.start(tmp);
             HikariDataSource ds = DataSources.open(new DbConf(dsn.goDsn(), 5), "restart-test", new SimpleMeterRegistry());
             Producer<String, String> producer = Kafka.producer(new KafkaConf(List.of(kafka.bootstrap())), "restart-test")) {
            Jdbi jdbi = DataSources.jdbi(ds);
            try (InputStream in = Outbox.class.getResourceAsStream("/looklook/pkg/outbox/outbox.sql")) {
                String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                jdbi.useHandle(h -> h.execute(ddl));
            }
            try (OutboxRelay relay = new OutboxRelay(jdbi, producer, null, Duration.ofMillis(100), new SimpleMeterRegistry()).start()) {
                commit(jdbi, topic, 0, 30);
                await().atMost(Duration.ofSeconds(30)).until(() -> unsent(jdbi) == 0);

                kafka.kill();
                commit(jdbi, topic, 30, 100); // the notifies keep coming while the broker is down
                Thread.sleep(3000);
                assertThat(unsent(jdbi)).as("nothing is marked sent while the broker is down").isEqualTo(70);

                kafka.startAgain();
                await().atMost(Duration.ofSeconds(90)).until(() -> unsent(jdbi) == 0);
            }
            List<ConsumerRecord<String, String>> got = readAll(kafka.bootstrap(), topic, 100);
            Set<String> ids = got.stream().map(r -> new String(r.headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(),
                    StandardCharsets.UTF_8)).collect(Collectors.toSet());
            assertThat(ids).as("every event arrived (a consumer dedupes on eventId)").hasSize(100);
            assertThat(got.size()).isGreaterThanOrEqualTo(100);
        } finally {
            DataSources.dropDatabase(dsn);
        }
    }

    private static void commit(Jdbi jdbi, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            int n = i;
            jdbi.useTransaction(h -> Outbox.add(h, OutboxEvent.kafka("evt-" + n, topic, "HSO" + n, "{\"n\":" + n + "}")));
        }
    }

    private static long unsent(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").mapTo(Long.class).one());
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int atLeast) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, TestInfra.unique("restart-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return out;
    }
}
