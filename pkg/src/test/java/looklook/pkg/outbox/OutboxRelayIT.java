package looklook.pkg.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TestKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class OutboxRelayIT {
    /** The hand-off's reserve in these tests: a handed row is sent within its first second, or left to the sweep. */
    private static final Duration RESERVE = Duration.ofSeconds(3);
    private static MysqlDsn dsn;
    private static HikariDataSource ds;
    private static Jdbi jdbi;
    /** The relay's own pool, as the services give it one: its sessions at READ COMMITTED. */
    private static HikariDataSource rcDs;
    private static Jdbi rcJdbi;
    private static JedisPooled redis;
    private static Producer<String, String> producer;
    private final String ns = "test:{" + TestInfra.unique("outbox") + "}";
    private final JobClient jobs = new JobClient(redis, ns);
    private final String topic = TestInfra.unique("outbox-test");

    @BeforeAll
    static void start() throws IOException {
        dsn = TestInfra.freshDatabase("looklook_outbox");
        ds = DataSources.open(new DbConf(dsn.goDsn(), 10), "outbox-test", new SimpleMeterRegistry());
        jdbi = DataSources.jdbi(ds);
        try (InputStream in = Outbox.class.getResourceAsStream("/looklook/pkg/outbox/outbox.sql")) {
            String ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            jdbi.useHandle(h -> h.execute(ddl));
        }
        rcDs = DataSources.openReadCommitted(new DbConf(dsn.goDsn(), 10), "outbox-test-relay", new SimpleMeterRegistry());
        rcJdbi = DataSources.jdbi(rcDs);
        redis = Redis.client(TestInfra.redisConf());
        producer = Kafka.producer(new KafkaConf(List.of(TestInfra.kafkaBootstrap())), "outbox-test");
    }

    @AfterAll
    static void stop() {
        producer.close();
        redis.close();
        rcDs.close();
        ds.close();
        DataSources.dropDatabase(dsn);
    }

    private static void commit(OutboxEvent... events) {
        jdbi.useTransaction(h -> {
            for (OutboxEvent e : events) {
                Outbox.add(h, e);
            }
        });
    }

    /** {@code n} Kafka events {@code prefix-0..n-1} in one transaction, for the sweep (none handed). */
    private void commitMany(String prefix, int n) {
        jdbi.useTransaction(h -> {
            for (int i = 0; i < n; i++) {
                Outbox.add(h, OutboxEvent.kafka(prefix + "-" + i, topic, "k", "{}"));
            }
        });
    }

    private static long unsent(String eventIdPrefix) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND event_id LIKE :p")
                .bind("p", eventIdPrefix + "%").mapTo(Long.class).one());
    }

    private OutboxRelay relay(Producer<String, String> p) {
        return relay(p, 10);
    }

    /** Short backoffs, so a test sees a failed row's next try within a fraction of a second. */
    private OutboxRelay relay(Producer<String, String> p, int maxOwnFailures) {
        return relay(jdbi, p, maxOwnFailures);
    }

    private OutboxRelay relay(Jdbi on, Producer<String, String> p, int maxOwnFailures) {
        return new OutboxRelay(on, p, jobs, new OutboxRelay.Options(Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(400), maxOwnFailures, Duration.ofDays(7), RESERVE), new SimpleMeterRegistry());
    }

    private static KafkaProducer<String, String> deadProducer(int maxBlockMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // nothing listens there
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static long column(String eventId, String expr) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + expr + " FROM outbox WHERE event_id = :id")
                .bind("id", eventId).mapTo(Long.class).one());
    }

    @Test
    void jobEvent_becomesAScheduledTaskWithItsIdAndTime() {
        String id = TestInfra.unique("evt");
        Instant runAt = Instant.now().plus(Duration.ofMinutes(30));
        commit(OutboxEvent.job(id, "defer:homestay_order:close", "homestay_order:close:HSO1", "{\"sn\":\"HSO1\"}", runAt));

        relay(producer).relayOnce();

        var task = jobs.info("homestay_order:close:HSO1").orElseThrow();
        assertThat(task.get("state")).isEqualTo("scheduled");
        assertThat(task.get("type")).isEqualTo("defer:homestay_order:close");
        assertThat(Long.parseLong(task.get("process_at"))).isEqualTo(runAt.toEpochMilli());
        assertThat(unsent(id)).isZero();
    }

    @Test
    void kafkaEvent_isPublishedWithKeyAndEventIdHeader() {
        String id = TestInfra.unique("evt");
        commit(OutboxEvent.kafka(id, topic, "HSO123", "{\"payStatus\":1}"));
        relay(producer).relayOnce();

        List<ConsumerRecord<String, String>> got = TestKafka.readAll(topic, 1, Duration.ofSeconds(20));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).key()).isEqualTo("HSO123");
        assertThat(got.get(0).value()).isEqualTo("{\"payStatus\":1}");
        assertThat(new String(got.get(0).headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo(id);
        assertThat(unsent(id)).isZero();
    }

    @Test
    void rolledBackTransaction_publishesNothing() {
        String id = TestInfra.unique("evt");
        assertThatThrownBy(() -> jdbi.useTransaction(h -> {
            Outbox.add(h, OutboxEvent.job(id, "t", "never-" + id, "{}", Instant.now()));
            throw new IllegalStateException("business change failed");
        })).hasMessageContaining("business change failed");
        relay(producer).relayOnce();
        assertThat(jobs.info("never-" + id)).isEmpty();
    }

    /** A relay whose sweep comes every 30 s: what it sends sooner was handed to it, or a sweep that filled its batch. */
    private OutboxRelay slowSweeping() {
        return new OutboxRelay(rcJdbi, producer, jobs, new OutboxRelay.Options(Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofMillis(400), 10, Duration.ofDays(7), RESERVE), new SimpleMeterRegistry());
    }

    @Test
    void handedEvents_areSentAsWritten_atOnce_notAtTheNextSweep() throws Exception {
        String prefix = TestInfra.unique("handed");
        Instant runAt = Instant.now().plus(Duration.ofMinutes(30));
        try (OutboxRelay r = slowSweeping().start()) {
            Thread.sleep(500); // its first round, the sweep, is over: the rows below are written after it
            jdbi.useTransaction(h -> {
                r.add(h, OutboxEvent.kafka(prefix + "-1", topic, "HSO1", "{\"n\":1}"));
                r.add(h, OutboxEvent.kafka(prefix + "-2", topic, "HSO2", "{\"n\":2}"));
                r.add(h, OutboxEvent.job(prefix + "-3", "defer:homestay_order:close", prefix + "-task", "{\"sn\":\"HSO3\"}", runAt));
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> unsent(prefix) == 0);
        }
        List<ConsumerRecord<String, String>> got = TestKafka.readAll(topic, 2, Duration.ofSeconds(20));
        assertThat(got).extracting(ConsumerRecord::key, ConsumerRecord::value,
                        c -> new String(c.headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(tuple("HSO1", "{\"n\":1}", prefix + "-1"), tuple("HSO2", "{\"n\":2}", prefix + "-2"));
        var task = jobs.info(prefix + "-task").orElseThrow();
        assertThat(task.get("type")).isEqualTo("defer:homestay_order:close");
        assertThat(task.get("payload")).contains("HSO3");
        assertThat(Long.parseLong(task.get("process_at"))).isEqualTo(runAt.toEpochMilli());
        assertThat(column(prefix + "-1", "attempts")).isEqualTo(1);
    }

    @Test
    void handedRowsOfManyRounds_areMarkedTogether_soonAfterTheirSend() throws Exception {
        String prefix = TestInfra.unique("handed-marks");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        int n = 20;
        try (OutboxRelay r = new OutboxRelay(rcJdbi, producer, jobs, new OutboxRelay.Options(Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofMillis(400), 10, Duration.ofDays(7), RESERVE), metrics).start()) {
            Thread.sleep(500); // its first round, the sweep, is over
            for (int i = 0; i < n; i++) {
                int k = i;
                jdbi.useTransaction(h -> r.add(h, OutboxEvent.kafka(prefix + "-" + k, topic, "k", "{}")));
                Thread.sleep(5); // a round each, or nearly: the relay is woken by every commit
            }
            // with a 30 s poll: only the mark's own deadline can bring the round that marks the last rows
            await().atMost(Duration.ofSeconds(3)).until(() -> unsent(prefix) == 0);
        }
        assertThat(TestKafka.readAll(topic, n, Duration.ofSeconds(20))).hasSize(n);
        assertThat(metrics.counter("outbox.handed.marks").count()).as("mark statements for %d rows", n).isLessThanOrEqualTo(3);
    }

    @Test
    void aRolledBackAdd_handsNothing() {
        String prefix = TestInfra.unique("handed-rb");
        try (OutboxRelay r = slowSweeping().start()) {
            assertThatThrownBy(() -> jdbi.useTransaction(h -> {
                r.add(h, OutboxEvent.job(prefix + "-rb", "t", prefix + "-never", "{}", Instant.now()));
                throw new IllegalStateException("business change failed");
            })).hasMessageContaining("business change failed");
            jdbi.useTransaction(h -> r.add(h, OutboxEvent.job(prefix + "-ok", "t", prefix + "-kept", "{}", Instant.now())));
            await().atMost(Duration.ofSeconds(5)).until(() -> jobs.info(prefix + "-kept").isPresent());
        }
        assertThat(jobs.info(prefix + "-never")).isEmpty();
    }

    @Test
    void aRowWhoseHandOffIsLost_isNoSweepsDuringItsReserve_andIsSentAfterIt() throws Exception {
        String id = TestInfra.unique("handed-lost");
        OutboxRelay crashed = slowSweeping(); // never started: its writer's process died after the commit
        jdbi.useTransaction(h -> crashed.add(h, OutboxEvent.kafka(id, topic, "k", "{}")));
        OutboxRelay other = relay(producer);
        other.relayOnce();
        assertThat(unsent(id)).as("reserved to the relay it was handed to").isEqualTo(1);
        Thread.sleep(RESERVE.toMillis() + 200);
        other.relayOnce();
        assertThat(unsent(id)).isZero();
        assertThat(TestKafka.readAll(topic, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void aHandedRowReachedLate_isLeftToTheSweep_notSentWhileAnotherMayTakeIt() throws Exception {
        String id = TestInfra.unique("handed-late");
        OutboxRelay r = slowSweeping();
        jdbi.useTransaction(h -> r.add(h, OutboxEvent.kafka(id, topic, "k", "{}")));
        Thread.sleep(RESERVE.toMillis() / 3 + 200); // less than two thirds of its reserve left: a send could outlast it
        try (r) {
            r.start();
            Thread.sleep(500);
            assertThat(unsent(id)).as("dropped by the hand-off, still reserved from the sweep").isEqualTo(1);
            Thread.sleep(RESERVE.toMillis());
            relay(producer).relayOnce();
        }
        assertThat(unsent(id)).isZero();
        assertThat(TestKafka.readAll(topic, 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void relayOnce_sendsAFreshHandedRow_behindMoreThanADrainOfStaleOnes() throws Exception {
        String prefix = TestInfra.unique("handed-behind");
        OutboxRelay r = slowSweeping(); // driven by hand, as a test fixture without the loop does
        // more stale rows than a drain takes: they are skipped, not counted towards its batch
        for (int i = 0; i < 40; i++) {
            int n = i;
            jdbi.useTransaction(h -> r.add(h, OutboxEvent.kafka(prefix + "-stale-" + n, topic, "k", "{}")));
        }
        Thread.sleep(RESERVE.toMillis() / 3 + 200);
        jdbi.useTransaction(h -> r.add(h, OutboxEvent.kafka(prefix + "-fresh", topic, "k", "{}")));
        r.relayOnce();
        assertThat(unsent(prefix + "-fresh")).isZero();
        assertThat(unsent(prefix + "-stale")).as("left to the sweep when their reserve ends").isEqualTo(40);
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET dead_at = NOW(3) WHERE event_id LIKE ?", prefix + "%"));
    }

    @Test
    void aBacklog_isSweptAtFullSpeed_notABatchPerPoll() {
        String prefix = TestInfra.unique("backlog");
        commitMany(prefix, 450);
        try (OutboxRelay r = slowSweeping().start()) {
            // three sweeps of at most 200: a sweep that filled its batch is followed at once, not 30 s later
            await().atMost(Duration.ofSeconds(10)).until(() -> unsent(prefix) == 0);
        }
    }

    @Test
    void aHandedRowTheBrokerRefuses_isLeftToTheSweep_untried() throws Exception {
        String prefix = TestInfra.unique("handed-bad");
        try (OutboxRelay r = slowSweeping().start()) {
            Thread.sleep(500); // past its first round, the sweep
            jdbi.useTransaction(h -> {
                r.add(h, OutboxEvent.kafka(prefix + "-bad", "not a valid topic!", "k", "{}"));
                r.add(h, OutboxEvent.kafka(prefix + "-good", topic, "k", "{}"));
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> column(prefix + "-good", "sent_at IS NOT NULL") == 1);
            Thread.sleep(300);
        }
        // the sweep counts its tries and failures from the row; the hand-off counted none
        assertThat(column(prefix + "-bad", "sent_at IS NULL AND attempts = 0 AND own_failures = 0")).isEqualTo(1);
        assertThat(column(prefix + "-bad", "claimed_until")).as("due to the sweep when its reserve ends")
                .isGreaterThan(System.currentTimeMillis());
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET dead_at = NOW(3) WHERE event_id = ?", prefix + "-bad"));
    }

    @Test
    void brokerOutage_onlyDelaysEvents_andStopsTheRoundAtTheFirstFailure() throws Exception {
        String prefix = TestInfra.unique("down");
        commit(OutboxEvent.kafka(prefix + "-1", topic, "k1", "{\"n\":1}"), OutboxEvent.kafka(prefix + "-2", topic, "k2", "{\"n\":2}"));
        try (KafkaProducer<String, String> dead = deadProducer(300)) {
            assertThatThrownBy(() -> relay(dead).relayOnce()).hasMessageContaining("nothing published");
        }
        assertThat(unsent(prefix)).isEqualTo(2);
        // the first row was tried once and backed off; the second was not tried against a dead broker
        assertThat(column(prefix + "-1", "attempts")).isEqualTo(1);
        assertThat(column(prefix + "-2", "attempts")).isZero();
        // an outage is not the row's fault: it never counts towards giving up
        assertThat(column(prefix + "-1", "own_failures")).isZero();
        relay(producer).relayOnce();
        assertThat(unsent(prefix)).as("backed off: not due yet").isEqualTo(2);

        Thread.sleep(150);
        relay(producer).relayOnce(); // the broker is back
        assertThat(unsent(prefix)).isZero();
        assertThat(TestKafka.readAll(topic, 2, Duration.ofSeconds(20))).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    void publishing_holdsNoRowLock_soABrokerWaitBlocksNoWriter() throws Exception {
        String id = TestInfra.unique("lock");
        commit(OutboxEvent.kafka(id, topic, "k", "{}"));
        try (KafkaProducer<String, String> dead = deadProducer(3000)) {
            CompletableFuture<Void> round = CompletableFuture.runAsync(() -> {
                try {
                    relay(dead).relayOnce();
                } catch (IllegalStateException expected) {
                    // nothing published: the broker is away
                }
            });
            Thread.sleep(800); // the relay now waits on the dead broker's metadata
            assertThat(round).isNotDone();
            // a writer that needs the row gets it at once, where a lock held over the wait would time it out
            int updated = jdbi.withHandle(h -> {
                h.execute("SET SESSION innodb_lock_wait_timeout = 1");
                return h.createUpdate("UPDATE outbox SET payload = payload WHERE event_id = :id").bind("id", id).execute();
            });
            assertThat(updated).isEqualTo(1);
            round.get();
        }
    }

    @Test
    void aRowTheBrokerRefuses_diesAfterItsOwnFailures_whileOthersGoThrough() throws Exception {
        String prefix = TestInfra.unique("poison");
        commit(OutboxEvent.kafka(prefix + "-bad", "not a valid topic!", "k", "{}"),
                OutboxEvent.kafka(prefix + "-good", topic, "k", "{\"ok\":1}"));
        OutboxRelay r = relay(producer, 2);
        r.relayOnce();
        assertThat(column(prefix + "-good", "sent_at IS NOT NULL")).isEqualTo(1);
        assertThat(column(prefix + "-bad", "own_failures")).isEqualTo(1);
        assertThat(column(prefix + "-bad", "dead_at IS NULL")).isEqualTo(1);
        Thread.sleep(250);
        commit(OutboxEvent.kafka(prefix + "-good2", topic, "k", "{\"ok\":2}"));
        r.relayOnce(); // tried again after its backoff, beside a row the broker takes
        assertThat(column(prefix + "-bad", "dead_at IS NOT NULL")).as("dead after 2 refusals").isEqualTo(1);
        Thread.sleep(500);
        r.relayOnce();
        assertThat(column(prefix + "-bad", "attempts")).as("a dead row is never claimed again").isEqualTo(2);
        assertThat(column(prefix + "-bad", "sent_at IS NULL")).isEqualTo(1);
    }

    @Test
    void aBrokerThatRefusesEverything_neverKillsARow() throws Exception {
        // a refusal with nothing taken in the round says nothing about the row (Redis LOADING, an ACL...)
        String prefix = TestInfra.unique("refused");
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET dead_at = NOW(3) WHERE sent_at IS NULL AND dead_at IS NULL"));
        commit(OutboxEvent.kafka(prefix + "-1", "not a valid topic!", "k", "{}"),
                OutboxEvent.kafka(prefix + "-2", "neither is this one!", "k", "{}"));
        OutboxRelay r = relay(producer, 2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(r::relayOnce).hasMessageContaining("nothing published");
            Thread.sleep(450);
        }
        assertThat(column(prefix + "-1", "attempts")).isEqualTo(3);
        assertThat(column(prefix + "-1", "own_failures")).isZero();
        assertThat(column(prefix + "-1", "dead_at IS NULL") + column(prefix + "-2", "dead_at IS NULL")).isEqualTo(2);
        jdbi.useHandle(h -> h.execute("UPDATE outbox SET dead_at = NOW(3) WHERE event_id LIKE ?", prefix + "%"));
    }

    @Test
    void cleanup_deletesEverySentRowPastRetention_inBatches() {
        String prefix = TestInfra.unique("old");
        commitMany(prefix, 25);
        jdbi.useHandle(h -> h.createUpdate("UPDATE outbox SET sent_at = NOW(3) - INTERVAL 8 DAY WHERE event_id LIKE :p")
                .bind("p", prefix + "%").execute());
        relay(producer).cleanup();
        long left = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM outbox WHERE event_id LIKE :p")
                .bind("p", prefix + "%").mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void twoRelays_sendEveryEventExactlyOnce() throws Exception {
        String prefix = TestInfra.unique("many");
        for (int batch = 0; batch < 3; batch++) {
            int b = batch;
            jdbi.useTransaction(h -> {
                for (int i = 0; i < 100; i++) {
                    Outbox.add(h, OutboxEvent.kafka(prefix + "-" + b + "-" + i, topic, "k" + i, "{\"i\":" + (b * 100 + i) + "}"));
                }
            });
        }
        OutboxRelay a = relay(producer);
        OutboxRelay b = relay(rcJdbi, producer, 10); // one on a pool of its own, as the services run it
        CompletableFuture<Void> ra = CompletableFuture.runAsync(() -> {
            while (a.relayOnce() > 0) {
                // drain
            }
        });
        CompletableFuture<Void> rb = CompletableFuture.runAsync(() -> {
            while (b.relayOnce() > 0) {
                // drain
            }
        });
        ra.get();
        rb.get();
        assertThat(unsent(prefix)).isZero();
        List<ConsumerRecord<String, String>> got = TestKafka.readAll(topic, 300, Duration.ofSeconds(30));
        Set<String> ids = got.stream().map(r -> new String(r.headers().lastHeader(OutboxRelay.EVENT_ID_HEADER).value(),
                StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(got).hasSize(300);
        assertThat(ids).hasSize(300);
    }
}
