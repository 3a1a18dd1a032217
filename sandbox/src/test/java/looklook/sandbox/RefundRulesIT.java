package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wechat.pay.java.core.cipher.PrivacyEncryptor;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.JsonRequestBody;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.Channel;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import looklook.pkg.wechat.WxPayClients;
import looklook.sandbox.config.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WeChat's refund rules through the official SDK: partial refunds each under its own out_refund_no,
 * never more than was paid, a (scaled) minute between two refunds of one payment, refunds the payer
 * cannot receive (ABNORMAL, the money held until apply-abnormal-refund) and CLOSED ones, refund
 * codes by fault, and the ledger's books. The simulator runs at TimeFactor 0.02 here: WeChat's
 * minute is 1.2 s (a refund right after another is surely inside it), a refund settles 1 s after it
 * is accepted (a query right after sees PROCESSING).
 */
class RefundRulesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path keys;
    static SimFixture fx;
    static MerchantReceiver merchant;
    static WxPayClients pay;

    @BeforeAll
    static void startSim() {
        fx = SimFixture.start(SandboxConfig.forTest(keys, 0.02).withRefundDelay(50_000));
        merchant = new MerchantReceiver();
        pay = fx.pay(merchant.url());
        merchant.use(pay);
    }

    @AfterAll
    static void stopSim() {
        merchant.close();
        fx.close();
    }

    @AfterEach
    void clearFaults() {
        fx.delete("/sim/v1/faults");
    }

    @Test
    void partialRefunds_eachUnderItsOwnNumber_aMinuteApart_addUpToThePaymentAndNoFurther() throws Exception {
        String no = paid(1000, "oPartial");
        Refund first = pay.refunds().create(refund(no, "R1" + no, 300));
        assertThat(first.getStatus()).isEqualTo(Status.PROCESSING);
        assertThat(pay.refunds().create(refund(no, "R1" + no, 300)).getRefundId()).as("a retry inside the minute")
                .isEqualTo(first.getRefundId());
        assertRefused(() -> pay.refunds().create(refund(no, "R2" + no, 300)), 429, "FREQUENCY_LIMITED");

        SimFixture.afterTheRefundGap(() -> pay.refunds().create(refund(no, "R2" + no, 300)));
        assertRefused(() -> pay.refunds().create(refund(no, "R3" + no, 401)), 400, "INVALID_REQUEST");
        SimFixture.afterTheRefundGap(() -> pay.refunds().create(refund(no, "R3" + no, 400)));

        await().atMost(WAIT).until(() -> ledger(no).path("totals").path("refunded").asLong() == 1000);
        JsonNode row = ledger(no).path("transactions").get(0);
        assertThat(row.path("refund_count").asInt()).isEqualTo(3);
        assertThat(row.path("refundable").asLong()).isZero();
        assertThat(row.path("trade_state").asText()).isEqualTo("REFUND");
        assertThat(ledger(no).path("refunds")).extracting(r -> r.path("out_refund_no").asText())
                .containsExactly("R1" + no, "R2" + no, "R3" + no);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "amount.total other than the order total, 2, 100,  999, 400, PARAM_ERROR",
        "more than is left,                       2, 901, 1000, 400, INVALID_REQUEST",
        "the first out_refund_no with 200,        1, 200, 1000, 400, INVALID_REQUEST",
        "a second refund inside the minute,       2, 100, 1000, 429, FREQUENCY_LIMITED",
    })
    void refusedAfterAFirstRefundOf100_andNothingIsAccepted(String rule, String number, long amount, long total,
                                                             int status, String code) throws Exception {
        String no = paid(1000, "oRefused");
        pay.refunds().create(refund(no, "R1" + no, 100));
        CreateRequest r = refund(no, "R" + number + no, amount);
        r.getAmount().setTotal(total);
        assertRefused(() -> pay.refunds().create(r), status, code);
        assertThat(ledger(no).path("refunds")).as(rule).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void refundQuery_byOutRefundNo_showsProcessingThenHowItSettled(String setup, String faults, String account,
                                                                   Status settled) throws Exception {
        String openid = fx.user("oQuery" + Math.abs(setup.hashCode()));
        fx.post("/sim/v1/payer/account", "{\"openid\":\"" + openid + "\",\"state\":\"" + account + "\"}");
        if (faults != null) {
            fx.post("/sim/v1/faults", faults);
        }
        String no = paidBy(500, openid);
        String outRefundNo = "RQ" + no;
        pay.refunds().create(refund(no, outRefundNo, 500));
        assertThat(query(outRefundNo).getStatus()).as(setup).isEqualTo(Status.PROCESSING);
        await().atMost(WAIT).until(() -> query(outRefundNo).getStatus() != Status.PROCESSING);
        assertThat(query(outRefundNo).getStatus()).as(setup).isEqualTo(settled);
        await().atMost(WAIT).until(() -> merchant.received().stream()
                .anyMatch(n -> n.refund() != null && outRefundNo.equals(n.refund().getOutRefundNo())));
        assertThat(merchant.received()).filteredOn(n -> n.refund() != null && outRefundNo.equals(n.refund().getOutRefundNo()))
                .extracting(n -> n.refund().getRefundStatus().name()).containsExactly(settled.name());
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("paid back", null, "ok", Status.SUCCESS),
                Arguments.of("refund fault ABNORMAL", "{\"refund\":{\"status\":\"ABNORMAL\"}}", "ok", Status.ABNORMAL),
                Arguments.of("refund fault CLOSED", "{\"refund\":{\"status\":\"CLOSED\"}}", "ok", Status.CLOSED),
                Arguments.of("the payer's card is closed", null, "card_closed", Status.ABNORMAL));
    }

    @Test
    void abnormal_holdsTheMoney_untilAppliedForToThePayersBankCard() throws Exception {
        String openid = fx.user("oCardClosed");
        fx.post("/sim/v1/payer/account", "{\"openid\":\"" + openid + "\",\"state\":\"card_closed\"}");
        String no = paidBy(800, openid);
        Refund abnormal = settled(pay.refunds().create(refund(no, "RA" + no, 800)));
        assertThat(abnormal.getStatus()).isEqualTo(Status.ABNORMAL);
        JsonNode books = ledger(no);
        assertThat(books.path("totals").path("refund_held").asLong()).isEqualTo(800);
        assertThat(books.path("totals").path("refunded").asLong()).isZero();
        assertThat(books.path("transactions").get(0).path("refundable").asLong()).isZero();
        assertRefused(() -> pay.refunds().create(refund(no, "RB" + no, 1)), 400, "INVALID_REQUEST");

        PrivacyEncryptor enc = pay.config().createEncryptor();
        Refund applied = applyAbnormalRefund(abnormal.getRefundId(), "{\"out_refund_no\":\"RA" + no
                + "\",\"type\":\"USER_BANK_CARD\",\"bank_type\":\"ICBC_DEBIT\",\"bank_account\":\""
                + enc.encrypt("6222020000000000000") + "\",\"real_name\":\"" + enc.encrypt("Zhang San") + "\"}");
        assertThat(applied.getStatus()).isEqualTo(Status.PROCESSING);
        assertThat(applied.getRefundId()).isEqualTo(abnormal.getRefundId());
        Refund paidBack = settled(applied);
        assertThat(paidBack.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(paidBack.getChannel()).isEqualTo(Channel.OTHER_BANKCARD);
        assertThat(paidBack.getUserReceivedAccount()).contains("ICBC_DEBIT");
        await().atMost(WAIT).until(() -> merchant.received().stream().anyMatch(n -> n.refund() != null
                && ("RA" + no).equals(n.refund().getOutRefundNo()) && n.refund().getRefundStatus() == Status.SUCCESS));
        books = ledger(no);
        assertThat(books.path("totals").path("refund_held").asLong()).isZero();
        assertThat(books.path("totals").path("refunded").asLong()).isEqualTo(800);
        assertThat(books.path("refunds").get(0).path("abnormal_refund").asText()).isEqualTo("USER_BANK_CARD");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no type                               | {\"out_refund_no\":\"%s\"}",
        "an unknown type                       | {\"out_refund_no\":\"%s\",\"type\":\"CASH\"}",
        "a payer card without bank_type        | {\"out_refund_no\":\"%s\",\"type\":\"USER_BANK_CARD\",\"bank_account\":\"%2$s\",\"real_name\":\"%2$s\"}",
        "a bank account in clear               | {\"out_refund_no\":\"%s\",\"type\":\"USER_BANK_CARD\",\"bank_type\":\"ICBC_DEBIT\",\"bank_account\":\"6222020000000000000\",\"real_name\":\"%2$s\"}",
        "another out_refund_no                 | {\"out_refund_no\":\"%s-other\",\"type\":\"MERCHANT_BANK_CARD\"}",
    })
    void applyAbnormalRefund_refusesABadApplication_andTheMoneyStaysHeld(String rule, String body) throws Exception {
        fx.post("/sim/v1/faults", "{\"refund\":{\"status\":\"ABNORMAL\"}}");
        String no = paid(300, "oBadApply");
        Refund abnormal = settled(pay.refunds().create(refund(no, "RX" + no, 300)));
        String cipher = pay.config().createEncryptor().encrypt("Zhang San");
        assertRefused(() -> applyAbnormalRefund(abnormal.getRefundId(), String.format(body, "RX" + no, cipher)), 400,
                "PARAM_ERROR");
        assertThat(query("RX" + no).getStatus()).as(rule).isEqualTo(Status.ABNORMAL);
        assertThat(ledger(no).path("totals").path("refund_held").asLong()).isEqualTo(300);
    }

    @Test
    void applyAbnormalRefund_toTheMerchantsBankAccount_needsNoPayerDetails_andOnlyAnAbnormalRefundQualifies() throws Exception {
        fx.post("/sim/v1/faults", "{\"refund\":{\"status\":\"ABNORMAL\"}}");
        String no = paid(300, "oToMerchant");
        Refund abnormal = settled(pay.refunds().create(refund(no, "RM" + no, 300)));
        String body = "{\"out_refund_no\":\"RM" + no + "\",\"type\":\"MERCHANT_BANK_CARD\"}";
        Refund paidBack = settled(applyAbnormalRefund(abnormal.getRefundId(), body));
        assertThat(paidBack.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(paidBack.getUserReceivedAccount()).contains("merchant");
        assertRefused(() -> applyAbnormalRefund(abnormal.getRefundId(), body), 400, "INVALID_REQUEST");
        assertRefused(() -> applyAbnormalRefund("50" + "0".repeat(30), body), 404, "RESOURCE_NOT_EXISTS");
    }

    @Test
    void closed_givesTheMoneyBack_theSameNumberStaysClosed_aNewNumberRefundsAgain() throws Exception {
        fx.post("/sim/v1/faults", "{\"refund\":{\"status\":\"CLOSED\"}}");
        String no = paid(600, "oClosed");
        Refund closed = settled(pay.refunds().create(refund(no, "RC1" + no, 600)));
        assertThat(closed.getStatus()).isEqualTo(Status.CLOSED);
        assertThat(ledger(no).path("transactions").get(0).path("refundable").asLong()).isEqualTo(600);
        assertThat(pay.refunds().create(refund(no, "RC1" + no, 600)).getStatus()).as("a retry of the closed one")
                .isEqualTo(Status.CLOSED);
        Refund again = settled(SimFixture.afterTheRefundGap(() -> pay.refunds().create(refund(no, "RC2" + no, 600))));
        assertThat(again.getStatus()).isEqualTo(Status.SUCCESS);
        assertThat(ledger(no).path("totals").path("refunded").asLong()).isEqualTo(600);
    }

    @Test
    void payerWhoseWeChatAccountIsClosed_isRefusedUserAccountAbnormal() throws Exception {
        String openid = fx.user("oDeregistered");
        String no = paidBy(200, openid);
        fx.post("/sim/v1/payer/account", "{\"openid\":\"" + openid + "\",\"state\":\"deregistered\"}");
        assertRefused(() -> pay.refunds().create(refund(no, "RD" + no, 200)), 403, "USER_ACCOUNT_ABNORMAL");
        assertThat(ledger(no).path("refunds")).isEmpty();
        HttpResponse<String> bad = fx.post("/sim/v1/payer/account", "{\"openid\":\"" + openid + "\",\"state\":\"gone\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("PARAM_ERROR");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "NOT_ENOUGH,            403",
        "FREQUENCY_LIMITED,     429",
        "USER_ACCOUNT_ABNORMAL, 403",
        "NO_AUTH,               403",
        "MCH_NOT_EXISTS,        400",
        "INVALID_REQUEST,       400",
        "RESOURCE_NOT_EXISTS,   404",
        "SYSTEM_ERROR,          500",
    })
    void failFault_onTheRefundEndpoint_answersWeChatsRefundCode_andNothingIsRefunded(String code, int status)
            throws Exception {
        String no = paid(100, "oFault");
        fx.post("/sim/v1/faults", "{\"fail\":{\"endpoint\":\"refund\",\"code\":\"" + code + "\"}}");
        assertRefused(() -> pay.refunds().create(refund(no, "RF" + no, 100)), status, code);
        assertThat(ledger(no).path("refunds")).isEmpty();
        assertThat(pay.refunds().create(refund(no, "RF" + no, 100)).getStatus()).as("the fault caught one call")
                .isEqualTo(Status.PROCESSING);
    }

    @Test
    void merchantPlatformRefund_keepsTheSameLimits_asTheApiBesideIt() throws Exception {
        String no = paid(1000, "oPlatform");
        pay.refunds().create(refund(no, "RP" + no, 400));
        HttpResponse<String> tooSoon = fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + no + "\",\"amount\":100}");
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(JSON.readTree(tooSoon.body()).path("code").asText()).isEqualTo("FREQUENCY_LIMITED");
        HttpResponse<String> tooMuch = fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + no + "\",\"amount\":601}");
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooMuch.body()).path("code").asText()).isEqualTo("INVALID_REQUEST");
        AtomicReference<HttpResponse<String>> rest = new AtomicReference<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            rest.set(fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + no + "\"}"));
            return rest.get().statusCode() != 429;
        });
        assertThat(rest.get().statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(rest.get().body()).path("amount").path("refund").asLong()).isEqualTo(600);
        assertThat(ledger(no).path("transactions").get(0).path("refund_count").asInt()).isEqualTo(2);
    }

    /** A paid order of {@code total} cents by a fresh payer named after {@code openid}. */
    private static String paid(int total, String openid) {
        return paidBy(total, fx.user(openid + SimFixture.outTradeNo().substring(3)));
    }

    private static String paidBy(int total, String openid) {
        String no = SimFixture.outTradeNo();
        HttpResponse<String> r = fx.userPays(fx.prepay(pay, no, total, openid));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return no;
    }

    private static CreateRequest refund(String outTradeNo, String outRefundNo, long amount) {
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(outTradeNo);
        r.setOutRefundNo(outRefundNo);
        r.setNotifyUrl(merchant.url());
        AmountReq a = new AmountReq();
        a.setRefund(amount);
        a.setTotal(Long.parseLong(fx.sim.ledger().byOutTradeNo(fx.mchId(), outTradeNo).map(t -> Long.toString(t.total()))
                .orElse("0")));
        a.setCurrency("CNY");
        r.setAmount(a);
        return r;
    }

    private static Refund query(String outRefundNo) {
        QueryByOutRefundNoRequest q = new QueryByOutRefundNoRequest();
        q.setOutRefundNo(outRefundNo);
        return pay.refunds().queryByOutRefundNo(q);
    }

    /** The refund once it left PROCESSING, as a query shows it. */
    private static Refund settled(Refund r) {
        await().atMost(WAIT).until(() -> query(r.getOutRefundNo()).getStatus() != Status.PROCESSING);
        return query(r.getOutRefundNo());
    }

    /**
     * {@code POST /v3/refund/domestic/refunds/{refund_id}/apply-abnormal-refund}, signed and verified by
     * the SDK's HttpClient (wechatpay-java 0.2.17's RefundService has no method for it).
     */
    private static Refund applyAbnormalRefund(String refundId, String json) {
        HttpRequest request = new HttpRequest.Builder().httpMethod(HttpMethod.POST)
                .url("https://api.mch.weixin.qq.com/v3/refund/domestic/refunds/" + refundId + "/apply-abnormal-refund")
                .addHeader("Accept", "application/json").addHeader("Content-Type", "application/json")
                .body(new JsonRequestBody.Builder().body(json).build()).build();
        return pay.httpClient().execute(request, Refund.class).getServiceResponse();
    }

    private static void assertRefused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
        });
    }

    private static JsonNode ledger(String no) throws Exception {
        return JSON.readTree(fx.get("/sim/v1/ledger?out_trade_no=" + no).body());
    }
}
