package looklook.message.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.message.mq.config.MessageMqConfig;
import looklook.message.mq.logic.SendWxMiniTplMessageLogic;
import looklook.message.mq.model.DeliveryMarks;
import looklook.message.mq.model.Outcome;
import looklook.message.mq.mqs.SendWxMiniTplMessageMq;
import looklook.message.mq.svc.ServiceContext;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TestKafka;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxMiniConf;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** message-mq's consumer in-process (its ServiceContext and KafkaQueue) against the real Kafka, Redis and the WeChat simulator. */
class SendWxMiniTplMessageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static SandboxProcess.Running sim;
    static MessageMqConfig config;
    static ServiceContext svc;
    static KafkaQueue queue;
    static Producer<String, String> producer;
    /** Handler calls and completed handlings per record key (the message id, here). */
    static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        sim = SandboxProcess.start(dir, 0.001);
        config = new MessageMqConfig("message-mq", new DevServerConf("127.0.0.1", 0),
                new KafkaConf(List.of(TestInfra.kafkaBootstrap())), TestInfra.redisConf(),
                new WxMiniConf(SandboxProcess.APP_ID, sim.miniSecret(), sim.baseUrl(), 2_000L), "developer",
                TestInfra.unique("message-mq-it") + ":", TestInfra.unique("wx-tpl"), TestInfra.unique("message-mq"), 4, 100L,
                null, null, null, 500L);
        svc = new ServiceContext(config);
        SendWxMiniTplMessageMq mq = new SendWxMiniTplMessageMq(svc);
        queue = new KafkaQueue(config.kafkaConf(), config.queue(), r -> {
            attempts.computeIfAbsent(r.key(), k -> new AtomicInteger()).incrementAndGet();
            mq.handle(r);
            completed.computeIfAbsent(r.key(), k -> new AtomicInteger()).incrementAndGet();
        }, svc.producer(), svc.metrics()).start();
        producer = Kafka.producer(config.kafkaConf(), "message-mq-it");
    }

    @AfterAll
    static void stop() {
        if (queue != null) {
            queue.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (svc != null) {
            svc.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @AfterEach
    void clearFaults() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void sameRecordProducedThreeTimes_isDeliveredOnce() throws Exception {
        WxMiniTplMessage m = message(paidData());
        double duplicates = count(Outcome.DUPLICATE);
        for (int i = 0; i < 3; i++) {
            produce(m.messageId(), Payloads.write(m));
        }
        awaitCompleted(m.messageId(), 3);

        List<JsonNode> inbox = inbox(m.openid());
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).path("template_id").asText()).isEqualTo(m.templateId());
        assertThat(inbox.get(0).path("miniprogram_state").asText()).isEqualTo("developer");
        assertThat(inbox.get(0).path("data").path("character_string6").path("value").asText()).isEqualTo("HSO0001");
        assertThat(svc.marks().mark(m.messageId())).hasValueSatisfying(v -> assertThat(v).startsWith("sent msgid="));
        assertThat(count(Outcome.DUPLICATE) - duplicates).isEqualTo(2);
    }

    @Test
    void userRefused_isMarkedAndNotRetried() throws Exception {
        WxMiniTplMessage m = message(paidData());
        // one refusal only: a retry would get through and show up in the inbox
        fault(Map.of("mini", Map.of("endpoint", "subscribe_send", "errcode", 43101, "openid", m.openid(), "count", 1)));
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(1);
        assertThat(inbox(m.openid())).isEmpty();
        assertThat(svc.marks().mark(m.messageId())).hasValue("refused errcode=43101");

        // a redelivery does not try again either
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 2);
        assertThat(inbox(m.openid())).isEmpty();
    }

    @Test
    void userWhoNeverAcceptedTheTemplate_isRefusedByWeChat_markedAndNotRetried() throws Exception {
        // logged in, but never tapped "allow" for this template: WeChat's own 43101, no fault injected
        String openid = SandboxProcess.subscriber(sim.port(), List.of(SandboxProcess.TEMPLATE_CHECK_IN));
        WxMiniTplMessage m = new WxMiniTplMessage(TestInfra.unique("HSO") + ":paid", TestInfra.unique("HSO"), openid,
                SandboxProcess.TEMPLATE_ORDER_PAID, "pages/order/detail", paidData());
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(1);
        assertThat(svc.marks().mark(m.messageId())).hasValue("refused errcode=43101");
        // a later acceptance does not bring the refused message back: it was not retried
        SandboxProcess.acceptTemplates(sim.port(), openid, List.of(SandboxProcess.TEMPLATE_ORDER_PAID));
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 2);
        assertThat(inbox(openid)).isEmpty();
    }

    @Test
    void invalidTemplateField_isMarkedRejectedAndNotRetried() throws Exception {
        // WeChat answers 47003 to a thing value over 20 characters
        Map<String, String> data = new HashMap<>(paidData());
        data.put("thing1", "Show this code at check-in only");
        WxMiniTplMessage m = message(data);
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(1);
        assertThat(inbox(m.openid())).isEmpty();
        assertThat(svc.marks().mark(m.messageId())).hasValueSatisfying(v -> assertThat(v).startsWith("rejected errcode=47003"));
    }

    @Test
    void tokenRefusedOnce_isRefreshedAndDeliveredWithoutARetry() throws Exception {
        WxMiniTplMessage m = message(paidData());
        fault(Map.of("mini", Map.of("endpoint", "subscribe_send", "errcode", 40001, "openid", m.openid(), "count", 1)));
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(1);
        assertThat(inbox(m.openid())).hasSize(1);
        assertThat(svc.marks().mark(m.messageId())).hasValueSatisfying(v -> assertThat(v).startsWith("sent"));
    }

    @Test
    void weChatFailingTwice_isRetriedWithBackoffThenDeliveredOnce() throws Exception {
        WxMiniTplMessage m = message(paidData());
        double retries = count(Outcome.RETRY);
        fault(Map.of("fail", Map.of("endpoint", "subscribe_send", "status", 500, "count", 2)));
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(3);
        assertThat(inbox(m.openid())).hasSize(1);
        assertThat(count(Outcome.RETRY) - retries).isEqualTo(2);
    }

    @Test
    void weChatFailingLongerThanTheAttempts_isWaitedFor_withoutDeadLettering_thenDeliveredOnce() throws Exception {
        WxMiniTplMessage m = message(paidData());
        double deadLettered = svc.metrics().get("kafka.queue.dead_lettered").counter().count();
        // six failures against four tries: an outage spends none of them
        fault(Map.of("fail", Map.of("endpoint", "subscribe_send", "status", 500, "count", 6)));
        produce(m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(m.messageId()).get()).isEqualTo(7);
        assertThat(inbox(m.openid())).hasSize(1);
        assertThat(svc.marks().mark(m.messageId())).hasValueSatisfying(v -> assertThat(v).startsWith("sent"));
        assertThat(svc.metrics().get("kafka.queue.dead_lettered").counter().count()).isEqualTo(deadLettered);
    }

    @Test
    void unparseableRecords_goToTheDlqAtOnce_andTheNextIsDelivered() throws Exception {
        String garbage = TestInfra.unique("garbage");
        String missingField = TestInfra.unique("missing");
        // one partition, so the good record waits behind the bad ones
        produce(0, garbage, "{not json");
        produce(0, missingField, "{\"messageId\":\"" + missingField + "\"}");
        WxMiniTplMessage m = message(paidData());
        produce(0, m.messageId(), Payloads.write(m));
        awaitCompleted(m.messageId(), 1);

        assertThat(attempts.get(garbage).get()).isEqualTo(1);
        assertThat(attempts.get(missingField).get()).isEqualTo(1);
        assertThat(inbox(m.openid())).hasSize(1);
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<String, String> r : TestKafka.readAll(config.queue().dlqTopic(), 2, WAIT)) {
            reasons.put(r.key(), new String(r.headers().lastHeader(KafkaQueue.DLQ_REASON).value(), StandardCharsets.UTF_8));
        }
        assertThat(reasons).containsOnlyKeys(garbage, missingField);
        assertThat(reasons.get(garbage)).startsWith("poison: WxMiniTplMessage: not valid JSON");
        assertThat(reasons.get(missingField)).startsWith("poison: WxMiniTplMessage").contains("openid");
    }

    @Test
    void twoSendersAtOnce_sendItOnce() throws Exception {
        // two replicas handed the same message (a rebalance mid-send): the claim lets one through
        WxMiniTplMessage m = message(paidData());
        SendWxMiniTplMessageLogic a = new SendWxMiniTplMessageLogic(svc);
        SendWxMiniTplMessageLogic b = new SendWxMiniTplMessageLogic(svc);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Outcome> fa = pool.submit(() -> {
                together.await();
                return a.sendWxMiniTplMessage(m);
            });
            Future<Outcome> fb = pool.submit(() -> {
                together.await();
                return b.sendWxMiniTplMessage(m);
            });
            assertThat(List.of(fa.get(), fb.get())).containsExactlyInAnyOrder(Outcome.SENT, Outcome.DUPLICATE);
        } finally {
            pool.shutdownNow();
        }
        assertThat(inbox(m.openid())).hasSize(1);
    }

    @Test
    void claimHeldByAnotherSender_isWaitedFor_thenSentOnceItIsReleased() throws Exception {
        // another replica holds the claim and then fails (its release lets us in; a dead one's claim expires)
        WxMiniTplMessage m = message(paidData());
        DeliveryMarks.Claimed other = (DeliveryMarks.Claimed) svc.marks().claim(m.messageId());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Outcome> waiting = pool.submit(() -> new SendWxMiniTplMessageLogic(svc).sendWxMiniTplMessage(m));
            Thread.sleep(500);
            assertThat(waiting).isNotDone();
            assertThat(inbox(m.openid())).isEmpty();

            svc.marks().release(m.messageId(), other);
            assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Outcome.SENT);
        } finally {
            pool.shutdownNow();
        }
        assertThat(inbox(m.openid())).hasSize(1);
    }

    /**
     * An "order paid" message to a new user who accepted that template three times: WeChat would
     * deliver a duplicate, so "delivered once" is our dedupe's doing, not the simulator's 43101.
     */
    private static WxMiniTplMessage message(Map<String, String> data) throws Exception {
        List<String> paid = List.of(SandboxProcess.TEMPLATE_ORDER_PAID);
        String openid = SandboxProcess.subscriber(sim.port(), paid);
        SandboxProcess.acceptTemplates(sim.port(), openid, paid);
        SandboxProcess.acceptTemplates(sim.port(), openid, paid);
        return new WxMiniTplMessage(TestInfra.unique("HSO") + ":paid", TestInfra.unique("HSO"), openid,
                SandboxProcess.TEMPLATE_ORDER_PAID, "pages/order/detail", data);
    }

    /** Values that fit the "order paid" template (etc/sandbox.yaml). */
    private static Map<String, String> paidData() {
        return Map.of("character_string6", "HSO0001", "thing1", "Lakeside Courtyard", "amount2", "199.00",
                "date4", "2026-12-01", "date5", "2026-12-03");
    }

    private static void produce(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(config.queue().topic(), key, value)).get();
    }

    private static void produce(int partition, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(config.queue().topic(), partition, key, value)).get();
    }

    private static void awaitCompleted(String key, int n) {
        await().atMost(WAIT).until(() -> completed.getOrDefault(key, new AtomicInteger()).get() >= n);
    }

    private static double count(Outcome o) {
        return svc.outcome(o).count();
    }

    private static void fault(Map<String, Object> rule) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(rule))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<JsonNode> inbox(String openid) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/inbox?openid="
                + URLEncoder.encode(openid, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("messages").forEach(out::add);
        return out;
    }
}
