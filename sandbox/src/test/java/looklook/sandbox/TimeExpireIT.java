package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import looklook.sandbox.wire.Times;
import org.junit.jupiter.api.Test;

/** {@code time_expire} through the official SDK: WeChat's format check, its adjustments, and a payer who comes too late. */
class TimeExpireIT extends MerchantSimBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void payAfterTimeExpire_isRefused_andWeChatHasClosedTheOrderItself() throws Exception {
        String no = SimFixture.outTradeNo();
        String expire = china(Instant.now().plusSeconds(2));
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, 500, "oLate", expire);
        JsonNode row = ledgerRow(no);
        assertThat(row.path("time_expire").asText()).isEqualTo(expire);
        assertThat(row.path("payable_until").asText()).isEqualTo(expire);

        Thread.sleep(OffsetDateTime.parse(expire).toInstant().toEpochMilli() - System.currentTimeMillis() + 1_100);
        HttpResponse<String> late = fx.userPays(p);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(late.body()).path("code").asText()).isEqualTo("ORDER_EXPIRED");
        Transaction t = query(no);
        assertThat(t.getTradeState()).as("closed at time_expire").isEqualTo(Transaction.TradeStateEnum.CLOSED);
        assertThat(t.getTradeStateDesc()).isEqualTo("订单已关闭");
        assertThat(ledgerRow(no).path("trade_state").asText()).isEqualTo("CLOSED");
        assertThat(merchant.transactionsFor(no)).isEmpty();

        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(fx.mchId());
        c.setOutTradeNo(no);
        pay.jsapi().closeOrder(c); // the merchant's own close of an order WeChat closed: harmless
        assertThat(query(no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.CLOSED);
        assertThatThrownBy(() -> fx.prepay(pay, no, 500, "oLate", expire))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("ORDER_CLOSED"));
    }

    @Test
    void beforeTimeExpire_theOrderWaitsNotPaid() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 500, "oEarly", china(Instant.now().plusSeconds(3600)));
        assertThat(query(no).getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
        assertThat(query(no).getTradeStateDesc()).isEqualTo("订单未支付");
    }

    @Test
    void malformedTimeExpire_isParamErrorNamingIt_andCreatesNothing() {
        String no = SimFixture.outTradeNo();
        assertThatThrownBy(() -> fx.prepay(pay, no, 100, "oBad", "20261201203000"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
                    assertThat(e.getErrorMessage()).contains("time_expire").contains("RFC 3339");
                });
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no)).isEmpty();
    }

    @Test
    void pastTimeExpire_isMovedToAMinuteAfterThePrepay_scaledByTheTimeFactor() throws Exception {
        String no = SimFixture.outTradeNo();
        Instant before = Instant.now();
        String past = china(before.minusSeconds(3600));
        fx.prepay(pay, no, 100, "oPast", past);
        JsonNode row = ledgerRow(no);
        assertThat(row.path("time_expire").asText()).isEqualTo(past);
        // one minute x TimeFactor 0.001 = 60 ms after the prepay, so already over when we look
        assertThat(OffsetDateTime.parse(row.path("payable_until").asText()).toInstant())
                .isBetween(before.truncatedTo(ChronoUnit.SECONDS), Instant.now().plusSeconds(1));
    }

    @Test
    void retryWithAnotherTimeExpire_isRefused_theSameInstantInAnotherOffsetIsTheSameOrder() {
        String no = SimFixture.outTradeNo();
        Instant at = Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        PrepayWithRequestPaymentResponse first = fx.prepay(pay, no, 100, "oRetry", china(at));
        assertThat(fx.prepay(pay, no, 100, "oRetry", at.toString()).getPackageVal()).as("accepted: the same order")
                .startsWith("prepay_id=").isNotEqualTo(first.getPackageVal());
        assertThatThrownBy(() -> fx.prepay(pay, no, 100, "oRetry", china(at.plusSeconds(60))))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("INVALID_REQUEST"));
        assertThatThrownBy(() -> fx.prepay(pay, no, 100, "oRetry"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("INVALID_REQUEST"));
    }

    private static String china(Instant t) {
        return Times.rfc3339(t);
    }

    private static JsonNode ledgerRow(String no) throws Exception {
        return JSON.readTree(fx.get("/sim/v1/ledger?out_trade_no=" + no).body()).path("transactions").get(0);
    }

    private static Transaction query(String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        return pay.jsapi().queryOrderByOutTradeNo(q);
    }
}
