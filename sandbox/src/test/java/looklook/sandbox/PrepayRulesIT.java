package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import looklook.pkg.wechat.WxPayClients;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.ledger.TradeState;
import looklook.sandbox.wire.Times;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The prepay rules of WeChat Pay through the official SDK: whose openid a payer may be, what a
 * notify_url may look like, how long a prepay_id lives, and what a repeated out_trade_no may change.
 */
class PrepayRulesIT extends MerchantSimBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The simulator's prepay_id life: 2 hours x TimeFactor 0.001. */
    private static final Duration CREDENTIAL_LIFE = Duration.ofMillis(7_200);

    @Test
    void openidTheAppNeverIssued_isParamErrorAppidAndOpenidMismatch_untilThatUserLogsIn() {
        String no = SimFixture.outTradeNo();
        String stranger = "oNeverLoggedIn" + System.nanoTime();
        assertThatThrownBy(() -> send(fx.jsapiRequest(pay, no, 100, stranger)))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.getHttpStatusCode()).isEqualTo(400);
                    assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
                    assertThat(e.getErrorMessage()).isEqualTo("appid和openid不匹配");
                });
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no)).isEmpty();

        fx.user(stranger);
        assertThat(send(fx.jsapiRequest(pay, no, 100, stranger)).getPackageVal()).startsWith("prepay_id=wx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://pay.example.com/notify", "/payment/notify", "pay.example.com/notify",
            "http://pay.example.com/notify?order=1", "http://pay.example.com/notify#top", "http://exa mple.com/n"})
    void notifyUrlOffWeChatsPattern_isParamErrorNamingIt(String url) {
        String no = SimFixture.outTradeNo();
        PrepayRequest r = fx.jsapiRequest(pay, no, 100, fx.user("oNotifyUrl"));
        r.setNotifyUrl(url);
        assertThatThrownBy(() -> send(r)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
            assertThat(e.getErrorMessage()).startsWith("notify_url: ");
        });
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no)).isEmpty();
    }

    @Test
    void notifyUrlOf256Characters_isTaken_257IsParamError() {
        String base = "http://pay.example.com/";
        PrepayRequest fits = fx.jsapiRequest(pay, SimFixture.outTradeNo(), 100, fx.user("oLongUrl"));
        fits.setNotifyUrl(base + "n".repeat(256 - base.length()));
        assertThat(send(fits).getPackageVal()).startsWith("prepay_id=");
        PrepayRequest tooLong = fx.jsapiRequest(pay, SimFixture.outTradeNo(), 100, "oLongUrl");
        tooLong.setNotifyUrl(base + "n".repeat(257 - base.length()));
        assertThatThrownBy(() -> send(tooLong)).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.getErrorMessage()).startsWith("notify_url: ").contains("257 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://pay.example.com/notify", "https://127.0.0.1/notify", "https://localhost/notify",
            "https://10.1.2.3/notify", "https://172.16.0.9/notify", "https://192.168.1.1/notify", "https://169.254.0.1/notify",
            "https://[::1]/notify", "https://[fd00::1]/notify", "https://0.0.0.0/notify"})
    void strictMode_refusesWhatProductionWeChatCannotCall(String url) {
        withStrictSim(strict -> {
            WxPayClients strictPay = strict.pay(merchant.url());
            PrepayRequest r = strict.jsapiRequest(strictPay, SimFixture.outTradeNo(), 100, strict.user("oStrict"));
            r.setNotifyUrl(url);
            assertThatThrownBy(() -> strictPay.jsapiExtension().prepayWithRequestPayment(r))
                    .isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
                        assertThat(e.getErrorMessage()).startsWith("notify_url: " + url);
                    });
            r.setNotifyUrl("https://pay.example.com/wxpay/notify");
            assertThat(strictPay.jsapiExtension().prepayWithRequestPayment(r).getPackageVal()).startsWith("prepay_id=");
        });
    }

    @Test
    void repeatedPrepay_getsAFreshPrepayId_andTheEarlierOneStillPays() {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse first = fx.prepay(pay, no, 100, "oTwice");
        PrepayWithRequestPaymentResponse second = fx.prepay(pay, no, 100, "oTwice");
        assertThat(second.getPackageVal()).isNotEqualTo(first.getPackageVal());
        assertThat(fx.userPays(first).statusCode()).isEqualTo(200);
        assertThat(fx.userPays(second).body()).contains("ORDERPAID");
    }

    @Test
    void prepayIdAndCodeUrl_liveTwoHoursScaled_thenThePayerIsRefused_andAFreshOnePays() throws Exception {
        String no = SimFixture.outTradeNo();
        PrepayWithRequestPaymentResponse old = fx.prepay(pay, no, 100, "oSlowPayer");
        String nativeNo = SimFixture.outTradeNo();
        String oldCode = fx.nativePrepay(pay, nativeNo, 100, "homestay");
        Thread.sleep(CREDENTIAL_LIFE.toMillis() + 500);

        HttpResponse<String> late = fx.userPays(old);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(late.body()).path("code").asText()).isEqualTo("PREPAY_ID_EXPIRED");
        HttpResponse<String> lateScan = fx.post("/sim/v1/pay", "{\"code_url\":\"" + oldCode + "\",\"openid\":\"oScan\"}");
        assertThat(lateScan.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(lateScan.body()).path("code").asText()).isEqualTo("CODE_URL_EXPIRED");
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().tradeState()).isEqualTo(TradeState.NOTPAY);

        assertThat(fx.userPays(fx.prepay(pay, no, 100, "oSlowPayer")).statusCode()).as("a fresh prepay_id").isEqualTo(200);
        String freshCode = fx.nativePrepay(pay, nativeNo, 100, "homestay");
        assertThat(fx.post("/sim/v1/pay", "{\"code_url\":\"" + freshCode + "\",\"openid\":\"oScan\"}").statusCode())
                .isEqualTo(200);
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of("description", (Consumer<PrepayRequest>) r -> r.setDescription("homestay 3 nights")),
                Arguments.of("notify_url", (Consumer<PrepayRequest>) r -> r.setNotifyUrl(r.getNotifyUrl() + "2")),
                Arguments.of("attach added", (Consumer<PrepayRequest>) r -> r.setAttach("coupon=1")),
                Arguments.of("amount", (Consumer<PrepayRequest>) r -> r.getAmount().setTotal(101)),
                Arguments.of("time_expire added", (Consumer<PrepayRequest>) r ->
                        r.setTimeExpire(Times.rfc3339(Instant.now().plusSeconds(3600)))),
                Arguments.of("openid", (Consumer<PrepayRequest>) r -> r.getPayer().setOpenid(fx.user("oSomeoneElse"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void repeatedPrepayWithAChangedField_isInvalidRequest201(String what, Consumer<PrepayRequest> change) {
        String no = SimFixture.outTradeNo();
        String openid = fx.user("oChanger");
        String first = send(fx.jsapiRequest(pay, no, 100, openid)).getPackageVal();
        PrepayRequest changed = fx.jsapiRequest(pay, no, 100, openid);
        change.accept(changed);
        assertThatThrownBy(() -> send(changed)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo("INVALID_REQUEST");
            assertThat(e.getErrorMessage()).isEqualTo("201 商户订单号重复");
        });
        assertThat(fx.sim.ledger().byOutTradeNo(fx.mchId(), no).orElseThrow().prepayId()).as("the order is untouched")
                .isEqualTo(first.substring("prepay_id=".length()));
    }

    @Test
    void descriptionOver127BytesOfUtf8_isParamError_127BytesAreTaken() {
        String fits = "湖".repeat(42) + "x"; // 126 + 1 bytes
        PrepayRequest ok = fx.jsapiRequest(pay, SimFixture.outTradeNo(), 100, fx.user("oDesc"));
        ok.setDescription(fits);
        assertThat(send(ok).getPackageVal()).startsWith("prepay_id=");
        PrepayRequest over = fx.jsapiRequest(pay, SimFixture.outTradeNo(), 100, "oDesc");
        over.setDescription("湖".repeat(43)); // 43 characters, 129 bytes
        assertThatThrownBy(() -> send(over)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
            assertThat(e.getErrorMessage()).startsWith("description: 129 bytes");
        });
    }

    @Test
    void refundNotifyUrl_isCheckedLikeThePrepays() {
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, no, 100, "oRefundUrl"));
        CreateRequest r = refund(no, 100);
        r.setNotifyUrl("http://pay.example.com/refund?x=1");
        assertThatThrownBy(() -> pay.refunds().create(r)).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("PARAM_ERROR");
            assertThat(e.getErrorMessage()).startsWith("notify_url: ");
        });
        assertThat(fx.sim.ledger().refunds()).noneMatch(x -> x.outTradeNo().equals(no));
    }

    @Test
    void refundWithoutNotifyUrl_isNotifiedToTheMerchantsConfiguredCallback_orNotAtAllWithoutOne() throws Exception {
        String bare = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, bare, 100, "oRefundNone"));
        pay.refunds().create(refund(bare, 100));
        await().atMost(Duration.ofSeconds(10)).until(() -> refundStatus(fx, bare).equals("SUCCESS"));
        assertThat(ledger(fx, bare).path("notifies")).noneMatch(n -> n.path("event_type").asText().startsWith("REFUND"));

        try (SimFixture configured = SimFixture.start(SandboxConfig.forTest(keys, 0.001).withRefundNotifyUrl(merchant.url()))) {
            WxPayClients otherPay = configured.pay(merchant.url());
            String no = SimFixture.outTradeNo();
            configured.userPays(configured.prepay(otherPay, no, 100, "oRefundConfigured"));
            otherPay.refunds().create(refund(no, 100));
            await().atMost(Duration.ofSeconds(10)).until(() -> merchant.received().stream()
                    .anyMatch(x -> x.refund() != null && no.equals(x.refund().getOutTradeNo())));
            assertThat(ledger(configured, no).path("refunds").get(0).path("notify_url").asText()).isEqualTo(merchant.url());
        }
    }

    private static PrepayWithRequestPaymentResponse send(PrepayRequest r) {
        return pay.jsapiExtension().prepayWithRequestPayment(r);
    }

    private static void withStrictSim(Consumer<SimFixture> test) {
        Path sameKeys = keys; // the merchant's keys, so its SDK clients verify this simulator too
        try (SimFixture strict = SimFixture.start(SandboxConfig.forTest(sameKeys, 0.001).withStrictNotifyUrl())) {
            test.accept(strict);
        }
    }

    private static CreateRequest refund(String outTradeNo, long amount) {
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(outTradeNo);
        r.setOutRefundNo("R" + outTradeNo);
        AmountReq a = new AmountReq();
        a.setRefund(amount);
        a.setTotal(amount);
        a.setCurrency("CNY");
        r.setAmount(a);
        return r;
    }

    private static JsonNode ledger(SimFixture f, String no) throws Exception {
        return JSON.readTree(f.get("/sim/v1/ledger?out_trade_no=" + no).body());
    }

    private static String refundStatus(SimFixture f, String no) throws Exception {
        return ledger(f, no).path("refunds").path(0).path("status").asText();
    }
}
