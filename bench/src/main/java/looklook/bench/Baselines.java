package looklook.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.conf.DbConf;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jdbi.v3.core.Jdbi;

/**
 * The raw cost of the servers the mesh stands on, measured in the same run so that every mesh
 * figure can be read against them: one DB transaction (UPDATE + INSERT, like a state change
 * with its outbox row) and one Kafka produce -> consume.
 */
final class Baselines {
    private Baselines() {
    }

    static Load.Result dbTransaction(Map<String, String> env, int vus, Duration warmup, Duration measure) throws Exception {
        MysqlDsn dsn = new MysqlDsn(env.getOrDefault("LOOKLOOK_DB_USER", "looklook"), env.getOrDefault("LOOKLOOK_DB_PASSWORD", ""),
                "127.0.0.1:" + env.getOrDefault("LOOKLOOK_MYSQL_PORT", "13306"), "looklook_bench");
        try (HikariDataSource ds = DataSources.open(new DbConf(dsn.goDsn(), vus + 2), "bench", new SimpleMeterRegistry())) {
            Jdbi jdbi = DataSources.jdbi(ds);
            jdbi.useHandle(h -> {
                h.execute("CREATE TABLE IF NOT EXISTS bench_row (id BIGINT PRIMARY KEY, state INT NOT NULL, version BIGINT NOT NULL)");
                h.execute("CREATE TABLE IF NOT EXISTS bench_event (id BIGINT AUTO_INCREMENT PRIMARY KEY, row_id BIGINT NOT NULL, payload TEXT NOT NULL)");
                h.execute("INSERT IGNORE INTO bench_row (id, state, version) SELECT seq, 0, 0 FROM seq_1_to_10000");
            });
            return Load.run("baseline-db-tx", vus, warmup, measure, vu -> () -> jdbi.useTransaction(h -> {
                long id = 1 + ThreadLocalRandom.current().nextInt(10_000);
                h.createUpdate("UPDATE bench_row SET state = 1 - state, version = version + 1 WHERE id = :id").bind("id", id).execute();
                h.createUpdate("INSERT INTO bench_event (row_id, payload) VALUES (:id, :p)").bind("id", id)
                        .bind("p", "{\"payStatus\":1}").execute();
            }));
        }
    }

    static Load.Result kafkaRoundTrip(Map<String, String> env, Duration warmup, Duration measure) throws Exception {
        String bootstrap = "127.0.0.1:" + env.getOrDefault("LOOKLOOK_KAFKA_PORT", "19092");
        String topic = "bench-roundtrip-" + UUID.randomUUID();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (Producer<String, String> producer = Kafka.producer(new KafkaConf(List.of(bootstrap)), "bench");
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            producer.send(new ProducerRecord<>(topic, "warm", "up")).get(); // creates the topic
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            return Load.run("baseline-kafka-roundtrip", 1, warmup, measure, vu -> () -> {
                String id = UUID.randomUUID().toString();
                producer.send(new ProducerRecord<>(topic, id, id));
                producer.flush();
                long giveUp = System.nanoTime() + 10_000_000_000L;
                while (true) {
                    if (System.nanoTime() > giveUp) {
                        throw new IllegalStateException("kafka round trip: record " + id + " not back within 10 s");
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        if (r.key().equals(id)) {
                            return;
                        }
                    }
                }
            });
        }
    }
}
