package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code /sim/v1/ledger} and {@code /sim/v1/faults} over HTTP, as scripts and other modules' tests use them. */
class LedgerAndFaultsIT extends MerchantSimBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void ledger_showsTransactionsNotifiesAndMoneyTotals() throws Exception {
        String paid = SimFixture.outTradeNo();
        String waiting = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, paid, 1234, "oLedger"));
        fx.prepay(pay, waiting, 99, "oLedger");
        await().atMost(Duration.ofSeconds(5)).until(() -> merchant.transactionsFor(paid).size() == 1);

        JsonNode one = JSON.readTree(fx.get("/sim/v1/ledger?out_trade_no=" + paid).body());
        assertThat(one.path("transactions")).hasSize(1);
        JsonNode t = one.path("transactions").get(0);
        assertThat(t.path("trade_state").asText()).isEqualTo("SUCCESS");
        assertThat(t.path("total").asLong()).isEqualTo(1234);
        assertThat(t.path("transaction_id").asText()).startsWith("42000");
        assertThat(one.path("notifies").get(0).path("state").asText()).isEqualTo("DELIVERED");
        assertThat(one.path("totals").path("paid").asLong()).isEqualTo(1234);

        JsonNode all = JSON.readTree(fx.get("/sim/v1/ledger").body());
        assertThat(all.path("transactions").findValuesAsText("out_trade_no")).contains(paid, waiting);
        assertThat(all.path("totals").path("paid").asLong()).isGreaterThanOrEqualTo(1234);
    }

    @Test
    void faults_badRuleIs400AndNothingIsAdded() throws Exception {
        HttpResponse<String> r = fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"nope\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("fail.endpoint");
        assertThat(fx.post("/sim/v1/faults", "{\"notify\":{\"mode\":\"reorder\",\"count\":1}}").statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(fx.get("/sim/v1/faults").body()).path("fail")).isEmpty();
    }

    @Test
    void faults_listedUntilSpentOrCleared() throws Exception {
        fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"refund\",\"count\":3,\"status\":429}}");
        JsonNode active = JSON.readTree(fx.get("/sim/v1/faults").body());
        assertThat(active.path("fail").get(0).path("remaining").asInt()).isEqualTo(3);
        assertThat(active.path("fail").get(0).path("status").asInt()).isEqualTo(429);
        fx.delete("/sim/v1/faults");
        assertThat(JSON.readTree(fx.get("/sim/v1/faults").body()).path("fail")).isEmpty();
    }

    @Test
    void unknownRoute_isAWeChatShaped404() throws Exception {
        HttpResponse<String> r = fx.get("/v3/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("NOT_FOUND");
    }
}
