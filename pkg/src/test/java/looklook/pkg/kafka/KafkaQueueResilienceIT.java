package looklook.pkg.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.pkg.rpc.BizStatus;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the old loop died of: outages longer than max.poll.interval.ms, slow batches, a second
 * replica, a dead-letter topic that does not answer, a stuck handler. Each test lowers the poll
 * interval to seconds, so that surviving it is a matter of the loop's design, not of patience.
 */
class KafkaQueueResilienceIT {
    private static final KafkaConf CONF = new KafkaConf(List.of(TestInfra.kafkaBootstrap()));
    private static final Producer<String, String> PRODUCER = Kafka.producer(CONF, "kq-resilience-test");
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);
    private final String topic = TestInfra.unique("kq-res");
    private final String group = TestInfra.unique("kq-res-group");
    private final List<KafkaQueue> queues = new ArrayList<>();

    @AfterAll
    static void closeProducer() {
        PRODUCER.close();
    }

    @AfterEach
    void closeQueues() {
        queues.forEach(KafkaQueue::close);
    }

    /** Fast retries, a 3 s poll interval, and the default classification of failures. */
    private KafkaQueue.Options options(int attempts) {
        return new KafkaQueue.Options(topic, group, attempts, Duration.ofMillis(50))
                .withPolling(50, POLL_INTERVAL)
                .withStallLimit(Duration.ofSeconds(10))
                .withDependencyBackoffMax(Duration.ofMillis(300));
    }

    private KafkaQueue start(KafkaQueue.Options o, KafkaQueue.Handler h, Producer<String, String> dlq, MeterRegistry m) {
        KafkaQueue q = new KafkaQueue(CONF, o, h, dlq, m);
        queues.add(q);
        return q.start();
    }

    private void createTopic(int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(20, TimeUnit.SECONDS);
        }
    }

    private void produce(int partition, String key, String value) throws Exception {
        PRODUCER.send(new ProducerRecord<>(topic, partition, key, value)).get();
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int countOf(Map<String, AtomicInteger> m, String key) {
        AtomicInteger n = m.get(key);
        return n == null ? 0 : n.get();
    }

    private static double counter(MeterRegistry m, String name, String... tags) {
        return m.get(name).tags(tags).counter().count();
    }

    private static double gauge(MeterRegistry m, String name) {
        return m.get(name).gauge().value();
    }

    private static boolean healthy(KafkaQueue q) {
        try {
            q.health().check();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void dependencyDownLongerThanThePollInterval_pausesWithoutSpendingTries_thenHandlesEachRecordOnceInOrder() throws Exception {
        createTopic(2);
        List<List<String>> produced = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 12; i++) {
            String v = "p" + (i % 2) + "-" + (i / 2);
            produce(i % 2, "k" + (i % 2), v);
            produced.get(i % 2).add(v);
        }
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicBoolean ownFailureDone = new AtomicBoolean();
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> done = new ConcurrentHashMap<>();
        List<List<String>> effects = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
        MeterRegistry m = new SimpleMeterRegistry();
        // two tries: had the outage spent any, the record's own failure below would dead-letter it
        KafkaQueue q = start(options(2), r -> {
            count(calls, r.value());
            if (down.get()) {
                // what RpcCalls throws for an order-rpc that does not answer: 100001 with the status as its cause
                throw BizStatus.fromStatus(Status.UNAVAILABLE.withDescription("order-rpc: connection refused").asRuntimeException());
            }
            if (r.value().equals("p0-0") && ownFailureDone.compareAndSet(false, true)) {
                throw new IllegalStateException("the record's own failure, once");
            }
            effects.get(r.partition()).add(r.value());
            count(done, r.value());
        }, PRODUCER, m);

        await().atMost(Duration.ofSeconds(20)).until(() -> countOf(calls, "p0-0") >= 3 && countOf(calls, "p1-0") >= 3);
        assertThat(gauge(m, "kafka.queue.paused")).isEqualTo(2);
        // the outage outlasts two poll intervals; the loop keeps polling all along
        long outageEnd = System.nanoTime() + POLL_INTERVAL.multipliedBy(2).plusSeconds(1).toNanos();
        while (System.nanoTime() < outageEnd) {
            assertThatCode(() -> q.health().check()).doesNotThrowAnyException();
            assertThat(gauge(m, "kafka.queue.last.poll.age")).isLessThan(POLL_INTERVAL.toSeconds());
            Thread.sleep(250);
        }
        int callsDuringOutage = countOf(calls, "p0-0");
        assertThat(done).isEmpty();
        down.set(false);

        await().atMost(Duration.ofSeconds(20)).until(() -> done.size() == 12);
        Thread.sleep(500); // time for a stray redelivery to show
        assertThat(effects.get(0)).containsExactlyElementsOf(produced.get(0));
        assertThat(effects.get(1)).containsExactlyElementsOf(produced.get(1));
        assertThat(done.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(callsDuringOutage).isGreaterThan(5);
        assertThat(counter(m, "kafka.queue.dead_lettered")).isZero();
        assertThat(counter(m, "kafka.queue.retried", "cause", "dependency")).isGreaterThanOrEqualTo(callsDuringOutage);
        assertThat(counter(m, "kafka.queue.retried", "cause", "failure")).isEqualTo(1);
        assertThat(counter(m, "kafka.queue.handled")).isEqualTo(12);
        assertThat(gauge(m, "kafka.queue.paused")).isZero();
        assertThat(TestKafka.readAll(topic + "-dlq", 0, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void batchTakingLongerThanThePollInterval_isHandledInSlices_andKeepsItsGroupMembership() throws Exception {
        createTopic(1);
        List<String> produced = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            produce(0, "k", "v" + i);
            produced.add("v" + i);
        }
        List<String> handled = new CopyOnWriteArrayList<>();
        MeterRegistry m = new SimpleMeterRegistry();
        // 24 x 250 ms: twice the poll interval, if one poll brought them all and they were handled in one go
        KafkaQueue q = start(options(3), r -> {
            Thread.sleep(250);
            handled.add(r.value());
        }, PRODUCER, m);

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 24);
        Thread.sleep(500);
        assertThat(handled).containsExactlyElementsOf(produced);
        assertThat(counter(m, "kafka.queue.commit_failed")).isZero();
        assertThat(healthy(q)).isTrue();
    }

    @Test
    void handlerCallLongerThanThePollInterval_costsTheMembership_butTheLoopRejoinsAndLosesNothing() throws Exception {
        createTopic(1);
        for (int i = 0; i < 6; i++) {
            produce(0, "k", "v" + i);
        }
        AtomicBoolean slowOnce = new AtomicBoolean(true);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Set<String> effects = ConcurrentHashMap.newKeySet();
        List<String> firstEffects = new CopyOnWriteArrayList<>();
        MeterRegistry m = new SimpleMeterRegistry();
        KafkaQueue q = start(options(3), r -> {
            count(calls, r.value());
            if (r.value().equals("v1") && slowOnce.getAndSet(false)) {
                Thread.sleep(POLL_INTERVAL.plusMillis(1_500).toMillis());
            }
            if (effects.add(r.value())) { // an idempotent effect: a redelivery changes nothing
                firstEffects.add(r.value());
            }
        }, PRODUCER, m);

        await().atMost(Duration.ofSeconds(30)).until(() -> effects.size() == 6);
        // the group evicted the silent member, so the commit after v1 failed and v1 came again after the rejoin
        await().atMost(Duration.ofSeconds(10)).until(() -> countOf(calls, "v1") == 2);
        assertThat(counter(m, "kafka.queue.commit_failed")).isGreaterThanOrEqualTo(1);
        assertThat(firstEffects).containsExactly("v0", "v1", "v2", "v3", "v4", "v5");
        assertThat(countOf(calls, "v0")).isEqualTo(1);

        produce(0, "k", "after");
        await().atMost(Duration.ofSeconds(15)).until(() -> effects.contains("after"));
        assertThat(healthy(q)).isTrue();
    }

    @Test
    void secondReplicaJoiningMidBatch_losesNothing_handlesNothingTwice_andBothLoopsRun() throws Exception {
        createTopic(4);
        int keys = 8;
        int perKey = 10;
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                produce(k % 4, "k" + k, Integer.toString(seq));
            }
        }
        // the effect per key: the last sequence number applied; applying in order is the only way to move it
        Map<String, Integer> last = new ConcurrentHashMap<>();
        List<String> outOfOrder = new CopyOnWriteArrayList<>();
        AtomicInteger duplicates = new AtomicInteger();
        Map<String, AtomicInteger> handledBy = new ConcurrentHashMap<>();
        KafkaQueue.Options o = options(3).withPolling(5, Duration.ofSeconds(10));
        KafkaQueue a = start(o, replica("a", last, outOfOrder, duplicates, handledBy), PRODUCER, new SimpleMeterRegistry());
        await().atMost(Duration.ofSeconds(20)).until(() -> countOf(handledBy, "a") >= 10);
        KafkaQueue b = start(o, replica("b", last, outOfOrder, duplicates, handledBy), PRODUCER, new SimpleMeterRegistry());

        await().atMost(Duration.ofSeconds(40)).until(() -> last.size() == keys
                && last.values().stream().allMatch(s -> s == perKey - 1));
        Thread.sleep(500);
        assertThat(outOfOrder).isEmpty();
        assertThat(duplicates.get()).as("records handled twice").isZero();
        assertThat(countOf(handledBy, "a") + countOf(handledBy, "b")).isEqualTo(keys * perKey);
        assertThat(countOf(handledBy, "b")).as("records the second replica handled").isPositive();
        assertThat(healthy(a)).isTrue();
        assertThat(healthy(b)).isTrue();
    }

    private static KafkaQueue.Handler replica(String name, Map<String, Integer> last, List<String> outOfOrder,
                                              AtomicInteger duplicates, Map<String, AtomicInteger> handledBy) {
        return r -> {
            Thread.sleep(100);
            int seq = Integer.parseInt(r.value());
            int before = last.getOrDefault(r.key(), -1);
            if (seq <= before) {
                duplicates.incrementAndGet();
            } else if (seq == before + 1) {
                last.put(r.key(), seq);
            } else {
                outOfOrder.add(r.key() + ":" + seq + " after " + before);
            }
            count(handledBy, name);
        };
    }

    @Test
    void deadLetterTopicUnreachable_holdsTheRecordAndItsPartition_untilItTakesTheRecord() throws Exception {
        createTopic(1);
        produce(0, "k", "poison");
        produce(0, "k", "after");
        AtomicBoolean dlqDown = new AtomicBoolean(true);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        MeterRegistry m = new SimpleMeterRegistry();
        try (Producer<String, String> dead = producerTo("127.0.0.1:" + MeshProcess.freePort())) {
            KafkaQueue q = start(options(3), r -> {
                count(calls, r.value());
                if (r.value().equals("poison")) {
                    throw new PoisonMessageException("not JSON", null);
                }
                handled.add(r.value());
            }, switchable(dlqDown, dead, PRODUCER), m);

            await().atMost(Duration.ofSeconds(20)).until(() -> counter(m, "kafka.queue.retried", "cause", "dead_letter") >= 3);
            assertThat(handled).as("the record after the one that could not be dead-lettered").isEmpty();
            assertThat(healthy(q)).isTrue();
            assertThat(counter(m, "kafka.queue.dead_lettered")).isZero();
            dlqDown.set(false);

            await().atMost(Duration.ofSeconds(20)).until(() -> handled.contains("after"));
        }
        List<ConsumerRecord<String, String>> dlq = TestKafka.readAll(topic + "-dlq", 1, Duration.ofSeconds(20));
        assertThat(dlq).extracting(ConsumerRecord::value).containsExactly("poison");
        assertThat(countOf(calls, "poison")).as("handler calls: once judged poison, only the dead letter is retried").isEqualTo(1);
        assertThat(handled).containsExactly("after");
        assertThat(counter(m, "kafka.queue.dead_lettered")).isEqualTo(1);
    }

    /** A producer whose broker does not exist: every send fails after 300 ms. */
    private static Producer<String, String> producerTo(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Sends through {@code down} while the flag is set, through {@code up} after. */
    @SuppressWarnings("unchecked")
    private static Producer<String, String> switchable(AtomicBoolean isDown, Producer<String, String> down, Producer<String, String> up) {
        return (Producer<String, String>) Proxy.newProxyInstance(Producer.class.getClassLoader(), new Class<?>[] {Producer.class},
                (proxy, method, args) -> {
                    try {
                        return method.invoke(isDown.get() ? down : up, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void handlerStuckLongerThanTheStallLimit_failsTheHealthCheck_untilItReturns() throws Exception {
        createTopic(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        MeterRegistry m = new SimpleMeterRegistry();
        // a poll interval well beyond the block: this is about the health check, not about eviction
        KafkaQueue.Options o = options(3).withPolling(50, Duration.ofSeconds(15)).withStallLimit(Duration.ofMillis(1_500));
        KafkaQueue q = start(o, r -> {
            if (r.value().equals("stuck")) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            handled.add(r.value());
        }, PRODUCER, m);
        await().atMost(Duration.ofSeconds(20)).until(() -> healthy(q));

        produce(0, "k", "stuck");
        assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> !healthy(q));
        assertThatThrownBy(() -> q.health().check()).hasMessageContaining("no poll for").hasMessageContaining("limit 1500 ms");
        assertThat(gauge(m, "kafka.queue.last.poll.age")).isGreaterThan(1.5);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy(q));
        assertThat(handled).containsExactly("stuck");
    }
}
