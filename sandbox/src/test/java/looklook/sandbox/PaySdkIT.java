package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.service.payments.jsapi.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByIdRequest;
import com.wechat.pay.java.service.payments.jsapi.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;
import java.net.http.HttpResponse;
import looklook.pkg.wechat.WxPayClients;
import looklook.sandbox.ledger.TradeState;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** The official SDK, unmodified, against the simulator through the BaseUrl interceptor. */
class PaySdkIT extends MerchantSimBase {
    @Test
    void jsapi_prepayQueryPayQueryByIdRefund_allThroughTheSdk() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, 1999, "oUser1");
        assertThat(p.getPackageVal()).startsWith("prepay_id=wx");
        assertThat(p.getAppId()).isEqualTo(fx.appId());

        Transaction waiting = pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no));
        assertThat(waiting.getTradeState()).isEqualTo(Transaction.TradeStateEnum.NOTPAY);
        assertThat(waiting.getTransactionId()).isNull();

        assertThat(fx.userPays(p).statusCode()).isEqualTo(200);
        Transaction paid = pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no));
        assertThat(paid.getTradeState()).isEqualTo(Transaction.TradeStateEnum.SUCCESS);
        assertThat(paid.getAmount().getTotal()).isEqualTo(1999);
        assertThat(paid.getAmount().getPayerTotal()).isEqualTo(1999);
        assertThat(paid.getPayer().getOpenid()).isEqualTo("oUser1");
        assertThat(paid.getSuccessTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");

        QueryOrderByIdRequest byId = new QueryOrderByIdRequest();
        byId.setMchid(fx.mchId());
        byId.setTransactionId(paid.getTransactionId());
        assertThat(pay.jsapi().queryOrderById(byId).getOutTradeNo()).isEqualTo(no);

        Refund refund = pay.refunds().create(refund(no, "RFD" + no.substring(3), 500, 1999));
        assertThat(refund.getStatus()).isEqualTo(Status.PROCESSING);
        assertThat(refund.getAmount().getRefund()).isEqualTo(500L);
        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(refund.getOutRefundNo());
        assertThat(pay.refunds().queryByOutRefundNo(q).getRefundId()).isEqualTo(refund.getRefundId());
    }

    @Test
    void native_prepayReturnsCodeUrlThatTheUserPays() {
        String no = SimFixture.outTradeNo();
        String codeUrl = fx.nativePrepay(pay, no, 300, "homestay");
        assertThat(codeUrl).startsWith("weixin://wxpay/bizpayurl?pr=");

        HttpResponse<String> paid = fx.post("/sim/v1/pay", "{\"code_url\":\"" + codeUrl + "\",\"openid\":\"oScanner\"}");
        assertThat(paid.statusCode()).isEqualTo(200);
        com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest q =
                new com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        Transaction t = pay.nativePay().queryOrderByOutTradeNo(q);
        assertThat(t.getTradeType()).isEqualTo(Transaction.TradeTypeEnum.NATIVE);
        assertThat(t.getPayer().getOpenid()).isEqualTo("oScanner");
    }

    @Test
    void close_answersSigned204AndTheOrderCanNoLongerBePaid() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, 100, "oUser2");
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(fx.mchId());
        c.setOutTradeNo(no);
        pay.jsapi().closeOrder(c); // the SDK verifies the 204's signature; a bad one would throw
        pay.jsapi().closeOrder(c); // closing again is harmless

        HttpResponse<String> attempt = fx.userPays(p);
        assertThat(attempt.statusCode()).isEqualTo(400);
        assertThat(attempt.body()).contains("ORDER_CLOSED");
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().tradeState()).isEqualTo(TradeState.CLOSED);
    }

    @Test
    void pay_secondPayOfSameOrderIsRefused() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, 100, "oUser3");
        assertThat(fx.userPays(p).statusCode()).isEqualTo(200);
        String firstId = fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().transactionId();

        HttpResponse<String> again = fx.userPays(p);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("ORDERPAID");
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().transactionId()).isEqualTo(firstId);
    }

    @Test
    void prepay_retryOfSameOrderReturnsAFreshPrepayIdAndPaidOrderIsRefused() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse first = fx.prepay(pay, no, 100, "oUser4");
        assertThat(fx.prepay(pay, no, 100, "oUser4").getPackageVal()).startsWith("prepay_id=wx").isNotEqualTo(first.getPackageVal());
        assertThatThrownBy(() -> fx.prepay(pay, no, 101, "oUser4"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("INVALID_REQUEST"));

        fx.userPays(first);
        assertThatThrownBy(() -> fx.prepay(pay, no, 100, "oUser4"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(403);
                    assertThat(e.getErrorCode()).isEqualTo("ORDERPAID");
                });
    }

    @Test
    void userPay_forgedPaySignIsRefusedAndNothingIsPaid() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse p = fx.prepay(pay, no, 100, "oUser5");
        p.setNonceStr(p.getNonceStr().substring(1) + "x");
        HttpResponse<String> r = fx.userPays(p);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("SIGN_ERROR");
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().tradeState()).isEqualTo(TradeState.NOTPAY);
    }

    @Test
    void refund_neverExceedsWhatWasPaid_andRepeatedOutRefundNoIsIdempotent() {
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, no, 1000, "oUser6"));
        Refund first = pay.refunds().create(refund(no, "R1" + no, 600, 1000));
        Refund repeated = pay.refunds().create(refund(no, "R1" + no, 600, 1000));
        assertThat(repeated.getRefundId()).isEqualTo(first.getRefundId());

        assertThatThrownBy(() -> pay.refunds().create(refund(no, "R2" + no, 401, 1000)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorMessage()).contains("at most 400 left");
                });
        SimFixture.afterTheRefundGap(() -> pay.refunds().create(refund(no, "R3" + no, 400, 1000)));
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().refunded()).isEqualTo(1000);
    }

    @Test
    void refund_ofUnpaidOrderIsRefusedAndUnknownOrderIs404() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 1000, "oUser7");
        assertThatThrownBy(() -> pay.refunds().create(refund(no, "R" + no, 1, 1000)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getErrorCode()).isEqualTo("INVALID_REQUEST"));
        assertThatThrownBy(() -> pay.refunds().create(refund("NOPE" + no, "R" + no, 1, 1000)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("RESOURCE_NOT_EXISTS");
                });
    }

    @Test
    void query_unknownOrderIs404OrderNotExist() {
        assertThatThrownBy(() -> pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(SimFixture.outTradeNo())))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(404);
                    assertThat(e.getErrorCode()).isEqualTo("ORDER_NOT_EXIST");
                });
    }

    @Test
    void tamperedBody_isRefusedWith401SignError_andCreatesNothing() {
        String no = SimFixture.outTradeNo();
        // runs after the SDK signed: a man in the middle raising the amount
        WxPayClients tampering = fx.pay(merchant.url(), chain -> {
            Request r = chain.request();
            okio.Buffer buf = new okio.Buffer();
            r.body().writeTo(buf);
            String forged = buf.readUtf8().replace("\"total\":100", "\"total\":1");
            return chain.proceed(r.newBuilder().method(r.method(),
                    RequestBody.create(forged, MediaType.parse("application/json"))).build());
        });
        assertThatThrownBy(() -> fx.prepay(tampering, no, 100, "oUser8"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(401);
                    assertThat(e.getErrorCode()).isEqualTo("SIGN_ERROR");
                });
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no)).isEmpty();
    }

    @Test
    void tamperedPath_isRefusedWith401SignError() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser9");
        String other = SimFixture.outTradeNo();
        fx.prepay(pay, other, 100, "oUser9");
        // asks for one order, signed; the path is switched to another order after signing
        WxPayClients tampering = fx.pay(merchant.url(), chain -> {
            Request r = chain.request();
            return chain.proceed(r.newBuilder().url(r.url().toString().replace(no, other)).build());
        });
        assertThatThrownBy(() -> tampering.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(401));
    }

    @Test
    void response_fiveMinutesOld_isRefusedBySdk_299sIsAccepted() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser10");
        fx.post("/sim/v1/faults", "{\"response\":{\"skew_seconds\":-301,\"count\":1}}");
        assertThatThrownBy(() -> pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expires");
        fx.post("/sim/v1/faults", "{\"response\":{\"skew_seconds\":-299,\"count\":1}}");
        assertThat(pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)).getOutTradeNo()).isEqualTo(no);
    }

    @Test
    void response_withWrongSerial_isRefusedBySdk() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser11");
        fx.post("/sim/v1/faults", "{\"response\":{\"serial\":\"PUB_KEY_ID_0000000000000000000000000000000000\"}}");
        assertThatThrownBy(() -> pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)))
                .isInstanceOf(ValidationException.class);
        assertThat(pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)).getOutTradeNo()).isEqualTo(no);
    }

    @Test
    void fail_nextCallsWithStatusThenRecover() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser12");
        fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"query\",\"count\":2,\"status\":503}}");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.getHttpStatusCode()).isEqualTo(503);
                        assertThat(e.getErrorCode()).isEqualTo("SERVICE_UNAVAILABLE");
                    });
        }
        assertThat(pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)).getOutTradeNo()).isEqualTo(no);
    }

    @Test
    void fail_afterMeansTheCallTookEffectButTheMerchantSeesAFailure() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser13");
        fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"close\",\"status\":500,\"after\":true}}");
        CloseOrderRequest c = new CloseOrderRequest();
        c.setMchid(fx.mchId());
        c.setOutTradeNo(no);
        assertThatThrownBy(() -> pay.jsapi().closeOrder(c))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(500));
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().tradeState()).isEqualTo(TradeState.CLOSED);
    }

    @Test
    void fail_timeoutHoldsTheCallLongerThanTheClientWaits() {
        String no = SimFixture.outTradeNo();
        fx.prepay(pay, no, 100, "oUser14");
        // the fixture's clients time out after 3 s
        fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"query\",\"timeout\":true,\"hold_ms\":3500}}");
        long started = System.nanoTime();
        assertThatThrownBy(() -> pay.jsapi().queryOrderByOutTradeNo(byOutTradeNo(no)))
                .isInstanceOf(com.wechat.pay.java.core.exception.HttpException.class);
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(2_900L);
    }

    private static QueryOrderByOutTradeNoRequest byOutTradeNo(String no) {
        QueryOrderByOutTradeNoRequest q = new QueryOrderByOutTradeNoRequest();
        q.setMchid(fx.mchId());
        q.setOutTradeNo(no);
        return q;
    }

    private static CreateRequest refund(String outTradeNo, String outRefundNo, long refund, long total) {
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(outTradeNo);
        r.setOutRefundNo(outRefundNo);
        r.setReason("guest cancelled");
        r.setNotifyUrl(merchant.url());
        AmountReq a = new AmountReq();
        a.setRefund(refund);
        a.setTotal(total);
        a.setCurrency("CNY");
        r.setAmount(a);
        return r;
    }
}
