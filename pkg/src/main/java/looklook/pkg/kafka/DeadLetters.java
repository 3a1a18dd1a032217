package looklook.pkg.kafka;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A dead-letter topic ({@code <topic>-dlq}, written by {@link KafkaQueue}) for an operator: list its
 * records with the reason each was given up, replay chosen ones (or all) onto the topic they came
 * from, and count them for a gauge. Replaying is safe however often it is done: the consumers'
 * handlers are idempotent. The topic itself is never changed; a replayed record stays listed.
 */
public final class DeadLetters {
    /** Header a replayed record carries: where in the dead-letter topic it came from. */
    public static final String REPLAYED_FROM = "dlq-replayed-from";

    /** One dead letter: {@code id} is {@code partition@offset} in the dead-letter topic; {@code headers} its original ones. */
    public record Letter(String id, String key, String value, String reason, String origin, List<Header> headers) {
    }

    /** One daemon thread counts every registered topic: the gauges of a process share it. */
    private static final ScheduledExecutorService COUNTER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dead-letter-count");
        t.setDaemon(true);
        return t;
    });

    private final KafkaConf conf;
    private final String dlqTopic;

    public DeadLetters(KafkaConf conf, String dlqTopic) {
        this.conf = requireNonNull(conf, "conf");
        this.dlqTopic = requireNonNull(dlqTopic, "dlqTopic");
        if (!dlqTopic.endsWith("-dlq")) {
            throw new IllegalArgumentException("dead-letter topic: " + dlqTopic + " (expected <topic>-dlq)");
        }
    }

    /** The topic the letters came from. */
    public String originTopic() {
        return dlqTopic.substring(0, dlqTopic.length() - "-dlq".length());
    }

    /** Every letter now in the topic, oldest first per partition. */
    public List<Letter> list() {
        List<Letter> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** Publishes the letters {@code which} accepts back onto {@link #originTopic()}; returns how many. */
    public int replay(Predicate<Letter> which, Producer<String, String> producer) {
        List<ProducerRecord<String, String>> back = new ArrayList<>();
        forEach(l -> {
            if (which.test(l)) {
                ProducerRecord<String, String> r = new ProducerRecord<>(originTopic(), l.key(), l.value());
                l.headers().forEach(h -> r.headers().add(h));
                r.headers().add(REPLAYED_FROM, (dlqTopic + "-" + l.id()).getBytes(StandardCharsets.UTF_8));
                back.add(r);
            }
        });
        for (ProducerRecord<String, String> r : back) {
            try {
                producer.send(r).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("replaying onto " + originTopic() + ": " + e, e);
            }
        }
        return back.size();
    }

    /** Reads the topic from its start to its end as of now. */
    private void forEach(Consumer<Letter> each) {
        try (KafkaConsumer<String, String> c = consumer()) {
            List<TopicPartition> parts = partitions(c);
            if (parts.isEmpty()) {
                return;
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(p -> c.position(p, Duration.ofSeconds(10)) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + dlqTopic + " took longer than 60 s");
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        List<Header> kept = new ArrayList<>();
                        r.headers().forEach(h -> {
                            if (!h.key().startsWith("dlq-")) {
                                kept.add(h);
                            }
                        });
                        each.accept(new Letter(r.partition() + "@" + r.offset(), r.key(), r.value(),
                                header(r, KafkaQueue.DLQ_REASON), header(r, KafkaQueue.DLQ_ORIGIN), kept));
                    }
                }
            }
        }
    }

    /** Letters in the topic now (end minus start offsets, summed over partitions). */
    public long count() {
        try (KafkaConsumer<String, String> c = consumer()) {
            return count(c);
        }
    }

    private long count(KafkaConsumer<String, String> c) {
        List<TopicPartition> parts = partitions(c);
        if (parts.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(5));
        Map<TopicPartition, Long> start = c.beginningOffsets(parts, Duration.ofSeconds(5));
        return parts.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
    }

    /**
     * Registers the gauge {@code kafka.dead_letters{topic}}: the letters waiting in the topic, counted
     * every 30 s by a background thread (a scrape never waits on Kafka), NaN while Kafka cannot say.
     * Running the result stops the counting and closes its consumer once a count in progress ends.
     */
    public Runnable registerGauge(MeterRegistry metrics) {
        AtomicReference<Double> last = new AtomicReference<>(Double.NaN);
        Gauge.builder("kafka.dead_letters", last, AtomicReference::get).tag("topic", dlqTopic)
                .description("records in the dead-letter topic").register(metrics);
        // one consumer for the gauge's life, used and closed on the counting thread only (a consumer is not thread-safe)
        KafkaConsumer<String, String> c = consumer();
        ScheduledFuture<?> counting = COUNTER.scheduleWithFixedDelay(() -> {
            try {
                last.set((double) count(c));
            } catch (RuntimeException e) {
                last.set(Double.NaN);
            }
        }, 0, 30, TimeUnit.SECONDS);
        return () -> {
            counting.cancel(false);
            COUNTER.execute(() -> c.close(Duration.ofSeconds(1))); // after a count in progress, on its thread
        };
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> c) {
        List<PartitionInfo> infos = c.partitionsFor(dlqTopic, Duration.ofSeconds(10));
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(dlqTopic, i.partition())).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", conf.brokers()));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // topic auto-creation must not make an empty dead-letter topic appear just because we looked
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(p);
    }

    private static String header(ConsumerRecord<String, String> r, String key) {
        Header h = r.headers().lastHeader(key);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** For a {@code Set} of ids given on a command line. */
    public static Predicate<Letter> ids(Set<String> ids) {
        return l -> ids.contains(l.id());
    }
}
