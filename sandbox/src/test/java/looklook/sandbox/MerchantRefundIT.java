package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code POST /sim/v1/merchant/refund}: a refund made on the merchant platform, seen through the SDK. */
class MerchantRefundIT extends MerchantSimBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void refundByHand_showsInQueriesAsRefund_andNoNotifyReachesTheMerchant() throws Exception {
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, no, 1000, "oHand"));
        await().atMost(Duration.ofSeconds(5)).until(() -> merchant.transactionsFor(no).size() == 1);

        HttpResponse<String> r = fx.post("/sim/v1/merchant/refund",
                "{\"out_trade_no\":\"" + no + "\",\"amount\":300,\"reason\":\"guest phoned\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode refund = JSON.readTree(r.body());
        String outRefundNo = refund.path("out_refund_no").asText();
        assertThat(outRefundNo).matches("\\d{32}");
        assertThat(refund.path("status").asText()).isEqualTo("PROCESSING");
        assertThat(refund.path("amount").path("refund").asLong()).isEqualTo(300);

        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(outRefundNo);
        await().atMost(Duration.ofSeconds(5)).until(() -> pay.refunds().queryByOutRefundNo(q).getStatus() == Status.SUCCESS);
        assertThat(query(no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.REFUND);
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().refunded()).isEqualTo(300);

        Thread.sleep(300); // a notify, were one sent, would have been delivered by now (TimeFactor 0.001)
        assertThat(merchant.received()).noneMatch(n -> n.refund() != null && outRefundNo.equals(n.refund().getOutRefundNo()));
        assertThat(fx.sim.deliveries().all()).noneMatch(d -> outRefundNo.equals(d.outRefundNo()));
    }

    @Test
    void withoutAmount_refundsWhatIsLeft_thenThereIsNothingLeft() throws Exception {
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, no, 700, "oHand2"));
        fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + no + "\",\"amount\":200}");
        String whatIsLeft = "{\"out_trade_no\":\"" + no + "\"}";
        HttpResponse<String> rest = afterTheRefundGap(() -> fx.post("/sim/v1/merchant/refund", whatIsLeft));
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(rest.body()).path("amount").path("refund").asLong()).isEqualTo(500);
        HttpResponse<String> none = afterTheRefundGap(() -> fx.post("/sim/v1/merchant/refund", whatIsLeft));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(none.body()).path("code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void unknownOrUnpaidOrder_isRefusedAsTheRefundApiWould() throws Exception {
        HttpResponse<String> unknown = fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"NOSUCHORDER1\",\"amount\":1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("code").asText()).isEqualTo("RESOURCE_NOT_EXISTS");
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oHand3");
        HttpResponse<String> unpaid = fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + no + "\",\"amount\":1}");
        assertThat(unpaid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unpaid.body()).path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(fx.sim.ledger().refunds()).noneMatch(r -> r.outTradeNo().equals(no));
    }

    /** The platform's refund once WeChat's minute (60 ms at TimeFactor 0.001) since the last refund has passed. */
    private static HttpResponse<String> afterTheRefundGap(Supplier<HttpResponse<String>> call) {
        AtomicReference<HttpResponse<String>> r = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            r.set(call.get());
            return r.get().statusCode() != 429;
        });
        return r.get();
    }

    private static Transaction query(String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        return pay.jsapi().queryOrderByOutTradeNo(q);
    }
}
