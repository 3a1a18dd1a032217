package looklook.pkg.kafka;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic in one group, one record at a time in partition order (go-zero's kq.Queue),
 * but never loses a message: an offset is committed only after its record was handled; a failure
 * is retried with backoff; after the last attempt, or at once for a {@link PoisonMessageException},
 * the record goes to {@code <topic>-dlq} with the reason, and only then is its offset committed, so
 * the partition moves on. A crash before the commit redelivers: handlers must be idempotent.
 */
public final class KafkaQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaQueue.class);
    /** Headers a dead-lettered record carries. */
    public static final String DLQ_REASON = "dlq-reason";
    public static final String DLQ_ORIGIN = "dlq-origin";

    /** One record's handling. */
    @FunctionalInterface
    public interface Handler {
        void handle(ConsumerRecord<String, String> record) throws Exception;
    }

    /**
     * @param attempts    tries before a record is dead-lettered
     * @param backoffBase wait before the second try, doubled for each further one
     */
    public record Options(String topic, String group, int attempts, Duration backoffBase) {
        public Options {
            requireNonNull(topic, "topic");
            requireNonNull(group, "group");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts: " + attempts + " (expected >= 1)");
            }
        }

        /** Five tries, 200 ms, 400 ms, 800 ms, 1.6 s apart. */
        public static Options of(String topic, String group) {
            return new Options(topic, group, 5, Duration.ofMillis(200));
        }

        /** The dead-letter topic. */
        public String dlqTopic() {
            return topic + "-dlq";
        }
    }

    private final Options opts;
    private final Handler handler;
    private final Producer<String, String> dlq;
    private final KafkaConsumer<String, String> consumer;
    private final Counter handled;
    private final Counter deadLettered;
    private final Thread loop;
    private volatile boolean running = true;

    public KafkaQueue(KafkaConf conf, Options opts, Handler handler, Producer<String, String> dlq, MeterRegistry metrics) {
        this.opts = requireNonNull(opts, "opts");
        this.handler = requireNonNull(handler, "handler");
        this.dlq = requireNonNull(dlq, "dlq");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", conf.brokers()));
        p.put(ConsumerConfig.GROUP_ID_CONFIG, opts.group());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.handled = Counter.builder("kafka.queue.handled").tag("topic", opts.topic()).register(metrics);
        this.deadLettered = Counter.builder("kafka.queue.dead_lettered").tag("topic", opts.topic()).register(metrics);
        this.loop = new Thread(this::run, "kq-" + opts.topic());
    }

    /** Starts consuming in the background. */
    public KafkaQueue start() {
        loop.start();
        return this;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(opts.topic()));
            while (running) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                try {
                    for (ConsumerRecord<String, String> r : batch) {
                        if (!running) {
                            break;
                        }
                        handleOrDeadLetter(r);
                        done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                } finally {
                    if (!done.isEmpty()) {
                        consumer.commitSync(done);
                    }
                }
            }
        } catch (InterruptedException stopping) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.error("kafka queue {} stopped: {}", opts.topic(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handleOrDeadLetter(ConsumerRecord<String, String> r) throws InterruptedException {
        String reason = null;
        for (int attempt = 1; attempt <= opts.attempts() && running; attempt++) {
            try {
                handler.handle(r);
                handled.increment();
                return;
            } catch (PoisonMessageException e) {
                reason = "poison: " + e.getMessage();
                break;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                reason = "failed " + attempt + " time(s): " + e;
                log.warn("{} {}-{}@{} key={} attempt {} failed: {}", opts.topic(), r.topic(), r.partition(), r.offset(),
                        r.key(), attempt, e.toString());
                if (attempt < opts.attempts()) {
                    Thread.sleep(opts.backoffBase().toMillis() << (attempt - 1));
                }
            }
        }
        if (!running) {
            throw new InterruptedException("stopping: record left for redelivery");
        }
        deadLetter(r, reason);
    }

    private void deadLetter(ConsumerRecord<String, String> r, String reason) {
        ProducerRecord<String, String> d = new ProducerRecord<>(opts.dlqTopic(), r.key(), r.value());
        r.headers().forEach(h -> d.headers().add(h));
        d.headers().add(DLQ_REASON, truncate(reason).getBytes(StandardCharsets.UTF_8));
        d.headers().add(DLQ_ORIGIN, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        try {
            // acknowledged before the offset moves: a dead letter is never lost either
            dlq.send(d).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot dead-letter " + r.topic() + "@" + r.offset() + ": " + e, e);
        }
        deadLettered.increment();
        log.error("{} {}-{}@{} key={} dead-lettered to {}: {}", opts.topic(), r.topic(), r.partition(), r.offset(), r.key(),
                opts.dlqTopic(), reason);
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 500);
    }

    /** Stops after the record in hand (a record being retried is left for redelivery) and commits what was handled. */
    @Override
    public void close() {
        // no consumer.wakeup(): it would also abort the final commit; a poll returns within 500 ms
        running = false;
        try {
            loop.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
