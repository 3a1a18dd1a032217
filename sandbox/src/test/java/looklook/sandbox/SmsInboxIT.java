package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox SMS provider: texts posted by usercenter-rpc, read back per phone, newest last. */
class SmsInboxIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;
    static SimFixture fx;

    @BeforeAll
    static void start() {
        fx = SimFixture.start(keys);
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static JsonNode inbox(String mobile) throws Exception {
        HttpResponse<String> r = fx.get("/sim/v1/sms?mobile=" + mobile);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void texts_areKeptPerMobile_newestLast_withTheirTime() throws Exception {
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"13800000001\",\"text\":\"code 111111\"}").statusCode()).isEqualTo(204);
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"13800000002\",\"text\":\"code 222222\"}").statusCode()).isEqualTo(204);
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"13800000001\",\"text\":\"code 333333\"}").statusCode()).isEqualTo(204);

        JsonNode one = inbox("13800000001");
        assertThat(one).hasSize(2);
        assertThat(one.get(0).path("text").asText()).isEqualTo("code 111111");
        assertThat(one.get(1).path("text").asText()).isEqualTo("code 333333");
        assertThat(one.get(1).path("mobile").asText()).isEqualTo("13800000001");
        assertThat(OffsetDateTime.parse(one.get(1).path("time").asText()).toInstant())
                .isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
        assertThat(inbox("13800000002")).hasSize(1);
        assertThat(inbox("13900000000")).isEmpty();
    }

    @Test
    void badTextsAndQueries_areRefused() {
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"123\",\"text\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"13800000003\",\"text\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(fx.post("/sim/v1/sms", "{\"mobile\":\"13800000003\",\"text\":\"" + "x".repeat(501) + "\"}").statusCode()).isEqualTo(400);
        assertThat(fx.post("/sim/v1/sms", "not json").statusCode()).isEqualTo(400);
        assertThat(fx.get("/sim/v1/sms").statusCode()).isEqualTo(400);
        assertThat(fx.get("/sim/v1/sms?mobile=abc").statusCode()).isEqualTo(400);
    }
}
