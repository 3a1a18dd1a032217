package looklook.message.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import looklook.message.mq.config.MessageMqConfig;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxMiniConf;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** message-mq as users run it: the shaded jar with the committed etc/message-mq.yaml, and its dev server. */
class MessageMqProcessIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void jarWithCommittedConfig_isHealthy_sendsAMessage_andCountsIt() throws Exception {
        String topic = TestInfra.unique("wx-tpl");
        int dev = MeshProcess.freePort();
        try (SandboxProcess.Running sim = SandboxProcess.start(dir, 0.001)) {
            String yaml = MeshProcess.etc("message-mq", Map.of(
                    "Port: 4009", "Port: " + dev,
                    "Topic: send-wx-mini-tpl-message", "Topic: " + topic,
                    "Group: message-mq", "Group: " + TestInfra.unique("message-mq"),
                    "KeyPrefix: \"looklook:message-mq:\"", "KeyPrefix: \"" + TestInfra.unique("message-mq-jar") + ":\""));
            Map<String, String> env = new HashMap<>(TestInfra.env());
            env.put("LOOKLOOK_WX_MINI_SECRET", sim.miniSecret());
            env.put("LOOKLOOK_WECHAT_BASE_URL", sim.baseUrl());
            try (MeshProcess mq = MeshProcess.start("message-mq", yaml, env, dev, dir);
                 Producer<String, String> producer = Kafka.producer(new KafkaConf(List.of(TestInfra.kafkaBootstrap())), "message-mq-jar-it")) {
                String openid = SandboxProcess.subscriber(sim.port(), List.of(SandboxProcess.TEMPLATE_ORDER_PAID));
                WxMiniTplMessage m = new WxMiniTplMessage(TestInfra.unique("HSO") + ":paid", TestInfra.unique("HSO"),
                        openid, SandboxProcess.TEMPLATE_ORDER_PAID, "pages/order/detail", Map.of(
                                "character_string6", "HSO0001", "thing1", "Lakeside Courtyard", "amount2", "199.00",
                                "date4", "2026-12-01", "date5", "2026-12-03"));
                producer.send(new ProducerRecord<>(topic, m.orderSn(), Payloads.write(m))).get();

                await().atMost(Duration.ofSeconds(20)).until(() -> inboxSize(sim, m.openid()) == 1);
                await().atMost(Duration.ofSeconds(5)).until(() -> mq.metrics().contains(counter("sent") + " 1.0"));
                assertThat(mq.metrics()).contains(counter("refused") + " 0.0", "kafka_queue_paused", "kafka_queue_last_poll_age_seconds");
                assertThat(mq.log()).contains("subscribe message " + m.messageId() + " order " + m.orderSn() + " outcome=sent");
            }
        }
    }

    @Test
    void healthz_isUnavailableNamingRedis_whenRedisDoesNotAnswer() throws Exception {
        int dev = MeshProcess.freePort();
        int deadRedis = MeshProcess.freePort();
        MessageMqConfig c = new MessageMqConfig("message-mq", new DevServerConf("127.0.0.1", dev),
                new KafkaConf(List.of(TestInfra.kafkaBootstrap())), new RedisConf("127.0.0.1:" + deadRedis, null),
                new WxMiniConf(SandboxProcess.APP_ID, "secret", "http://127.0.0.1:1", 1_000L), null,
                TestInfra.unique("message-mq-health") + ":", TestInfra.unique("wx-tpl"), TestInfra.unique("message-mq"), null, null,
                null, null, null, null);
        try (AutoCloseable running = MessageMqMain.start(c)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dev + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("redis");
        }
    }

    private static String counter(String outcome) {
        return "message_mq_messages_total{outcome=\"" + outcome + "\",service=\"message-mq\"}";
    }

    private static int inboxSize(SandboxProcess.Running sim, String openid) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/inbox?openid=" + openid)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("messages").size();
    }
}
