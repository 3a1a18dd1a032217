package looklook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.pkg.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PC checkout end to end: checkout-web's page in a real browser in front of the whole mesh, a
 * WeChat Native or an Alipay code read from the page's QR image and paid in the simulator as a phone
 * would; and QR payments at the API: owner only, one live payment per order (a switch of channel
 * closes the waiting one at its provider first; both paid in a race, the later is refunded in full),
 * a lost notify found, the close job closing the code at WeChat.
 */
class PcCheckoutIT extends MeshTestBase {
    /** Seconds until an unpaid order closes: long enough to book and pay, short enough to watch a close. */
    private static final long CLOSE_DELAY = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAY = "/payment/v1/thirdPayment/";
    /** The screenshot of the paid page, kept with the build output. */
    private static final Path PAID_SCREENSHOT = Path.of("target", "checkout-paid.png");
    /** The same after paying with Alipay. */
    private static final Path PAID_ALIPAY_SCREENSHOT = Path.of("target", "checkout-paid-alipay.png");
    private static String pageUrl;

    @BeforeAll
    static void start() throws Exception {
        startMesh(new TestMesh.Options(CLOSE_DELAY, 5, 15));
        pageUrl = mesh.startCheckoutWeb();
    }

    @AfterEach
    void clearFaults() throws Exception {
        mesh.clearFaults();
    }

    @Test
    void browser_signInBookChooseWechatScanPay_showsPaidWithTheCheckInCode() throws Exception {
        String mobile = mobile();
        MiniProgram.User u = app.signUp(mobile, "pc-pass-1");
        try (CheckoutBrowser b = CheckoutBrowser.open(Files.createDirectories(tmp.resolve("browser-paid")))) {
            b.open(pageUrl);
            b.signIn(mobile, "pc-pass-1");
            b.book("wechat");
            String code = b.scanQrImage();
            assertThat(code).startsWith("weixin://wxpay/bizpayurl?pr=").isEqualTo(b.text("code-url"));
            String orderSn = b.text("order-sn");
            assertThat(scan(code).status()).isEqualTo(200);

            b.waitForSection("paid", Duration.ofSeconds(30));
            JsonNode order = ok(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/userHomestayOrderDetail",
                    JSON.writeValueAsString(Map.of("sn", orderSn)), u.token())).data();
            assertThat(b.text("trade-code")).matches("[A-Z0-9]{8}").isEqualTo(order.path("tradeCode").asText());
            b.screenshot(PAID_SCREENSHOT);
            JsonNode status = status(u, orderSn);
            assertThat(status.path("payStatus").asInt()).isEqualTo(1);
            assertThat(status.path("payMode").asText()).isEqualTo("WECHAT_PAY");
            assertThat(status.path("tradeType").asText()).isEqualTo("NATIVE");
            JsonNode txn = transactionByCode(code);
            assertThat(txn.path("trade_type").asText()).isEqualTo("NATIVE");
            assertThat(txn.path("trade_state").asText()).isEqualTo("SUCCESS");
            assertThat(txn.path("total").asLong()).isEqualTo(order.path("orderTotalPrice").asLong());
        }
        assertThat(PAID_SCREENSHOT).isNotEmptyFile();
    }

    @Test
    void browser_signInBookChooseAlipayScanPay_showsPaid_andAlipaysLedgerHasTheOrdersTotal() throws Exception {
        String mobile = mobile();
        MiniProgram.User u = app.signUp(mobile, "pc-pass-6");
        try (CheckoutBrowser b = CheckoutBrowser.open(Files.createDirectories(tmp.resolve("browser-alipay")))) {
            b.open(pageUrl);
            b.signIn(mobile, "pc-pass-6");
            b.book("alipay");
            String code = b.scanQrImage();
            assertThat(code).startsWith("https://qr.alipay.com/").isEqualTo(b.text("code-url"));
            String orderSn = b.text("order-sn");
            assertThat(alipayScan(code, true).status()).isEqualTo(200);

            b.waitForSection("paid", Duration.ofSeconds(30));
            b.screenshot(PAID_ALIPAY_SCREENSHOT);
            JsonNode status = status(u, orderSn);
            assertThat(status.path("payStatus").asInt()).isEqualTo(1);
            assertThat(status.path("payMode").asText()).isEqualTo("ALIPAY");
            assertThat(status.path("tradeType").asText()).isEqualTo("PRECREATE");
            JsonNode order = ok(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/userHomestayOrderDetail",
                    JSON.writeValueAsString(Map.of("sn", orderSn)), u.token())).data();
            JsonNode trade = alipayTradeByCode(code);
            assertThat(trade.path("trade_status").asText()).isEqualTo("TRADE_SUCCESS");
            assertThat(trade.path("total").asLong()).isEqualTo(order.path("orderTotalPrice").asLong());
        }
        assertThat(PAID_ALIPAY_SCREENSHOT).isNotEmptyFile();
    }

    /**
     * The channel race: the user scanned the Alipay code (the trade exists, unpaid) and then chose WeChat;
     * the switch closed the Alipay payment, but Alipay's close answered as for a code nobody scanned
     * (the race the fault plays), so the phone could still pay it. Both codes are paid: the order is
     * paid once, by WeChat, and the Alipay money goes back in full through Alipay; both ledgers agree.
     */
    @Test
    void channelRace_bothCodesPaid_theOrderIsPaidOnce_andTheOtherPaymentIsRefundedInFull() throws Exception {
        MiniProgram.User u = app.signUp(mobile(), "pc-pass-7");
        String sn = book(u);
        String alipayCode = ok(alipayPay(u, sn)).data().path("codeUrl").asText();
        assertThat(alipayScan(alipayCode, false).status()).isEqualTo(200);
        mesh.fault("{\"fail\":{\"endpoint\":\"alipay_close\",\"code\":\"ACQ.TRADE_NOT_EXIST\"}}");
        String wechatCode = ok(nativePay(u, sn)).data().path("codeUrl").asText();

        assertThat(scan(wechatCode).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(u, sn).path("orderTradeState").asInt() == 1);
        assertThat(alipayScan(alipayCode, true).status()).as("the phone pays the old code").isEqualTo(200);

        long total = transactionByCode(wechatCode).path("total").asLong();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode trade = alipayTradeByCode(alipayCode);
            assertThat(trade.path("total").asLong()).isEqualTo(total);
            assertThat(trade.path("refunded").asLong()).as("the late Alipay money back in full").isEqualTo(total);
        });
        JsonNode wx = transactionByCode(wechatCode);
        assertThat(wx.path("trade_state").asText()).isEqualTo("SUCCESS");
        assertThat(wx.path("refunded").asLong()).as("the order's own payment is kept").isZero();
        JsonNode status = status(u, sn);
        assertThat(status.path("payStatus").asInt()).isEqualTo(1);
        assertThat(status.path("payMode").asText()).isEqualTo("WECHAT_PAY");
        assertThat(status.path("orderTradeState").asInt()).isEqualTo(1);
    }

    @Test
    void alipayPay_whileANativePaymentWaits_closesItAtWeChatFirst_soItsCodeCanNoLongerBePaid() throws Exception {
        MiniProgram.User u = app.signUp(mobile(), "pc-pass-8");
        String sn = book(u);
        String wechatCode = ok(nativePay(u, sn)).data().path("codeUrl").asText();
        String alipayCode = ok(alipayPay(u, sn)).data().path("codeUrl").asText();

        assertThat(transactionByCode(wechatCode).path("trade_state").asText()).isEqualTo("CLOSED");
        assertThat(scan(wechatCode).status()).isEqualTo(400);
        assertThat(status(u, sn).path("payMode").asText()).isEqualTo("ALIPAY");
        assertThat(alipayScan(alipayCode, true).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(u, sn).path("payStatus").asInt() == 1);
    }

    @Test
    void browser_anUnpaidCode_turnsClosedWhenTheOrderCloses_andCanNoLongerBePaid() throws Exception {
        String mobile = mobile();
        app.signUp(mobile, "pc-pass-2");
        try (CheckoutBrowser b = CheckoutBrowser.open(Files.createDirectories(tmp.resolve("browser-closed")))) {
            b.open(pageUrl);
            b.signIn(mobile, "pc-pass-2");
            b.book("wechat");
            String code = b.scanQrImage();

            b.waitForSection("closed", Duration.ofSeconds(CLOSE_DELAY + 60));
            assertThat(transactionByCode(code).path("trade_state").asText()).isEqualTo("CLOSED");
            // closed by the close job at the order's deadline, which is also its time_expire: WeChat says either
            Http.Reply late = scan(code);
            assertThat(late.status()).isEqualTo(400);
            assertThat(late.body().path("code").asText()).isIn("ORDER_CLOSED", "ORDER_EXPIRED");
        }
    }

    @Test
    void nativePay_ofAnotherUsersOrder_answersExactlyAsAMissingOne() throws Exception {
        MiniProgram.User owner = app.signUp(mobile(), "pc-pass-3");
        MiniProgram.User other = app.signUp(mobile(), "pc-pass-4");
        String sn = book(owner);

        Http.Reply theirs = nativePay(other, sn);
        Http.Reply missing = nativePay(other, "HSO" + "0".repeat(22));

        assertThat(theirs.status()).isEqualTo(400);
        assertThat(theirs.body()).isEqualTo(missing.body());
        assertThat(theirs.code()).isEqualTo(120003);
        assertThat(status(owner, sn).path("payMode").asText()).as("no payment was made").isEmpty();
    }

    @Test
    void nativePay_whileAJsapiPaymentWaits_closesItAtWeChatFirst_andARepeatGetsAFreshCodeForTheSamePayment() throws Exception {
        MiniProgram.User u = app.login();
        MiniProgram.Booking jsapi = app.bookAndPrepay(u);
        ok(nativePay(u, jsapi.orderSn()));
        assertThat(transactionByPrepayId(jsapi.prepayId()).path("trade_state").asText()).isEqualTo("CLOSED");
        assertThat(status(u, jsapi.orderSn()).path("tradeType").asText()).isEqualTo("NATIVE");

        String sn = book(u);
        int before = mesh.ledger().path("transactions").size();
        String first = ok(nativePay(u, sn)).data().path("codeUrl").asText();
        String second = ok(nativePay(u, sn)).data().path("codeUrl").asText();

        assertThat(second).isNotEqualTo(first);
        assertThat(mesh.ledger().path("transactions").size()).as("one WeChat order, its code issued twice").isEqualTo(before + 1);
        assertThat(transactionByCode(second).path("trade_type").asText()).isEqualTo("NATIVE");
        assertThat(status(u, sn).path("tradeType").asText()).isEqualTo("NATIVE");
    }

    @Test
    void nativePayment_whoseNotifyIsDropped_isPaidByTheStatusPoll() throws Exception {
        MiniProgram.User u = app.signUp(mobile(), "pc-pass-5");
        String sn = book(u);
        String code = ok(nativePay(u, sn)).data().path("codeUrl").asText();
        mesh.fault("{\"notify\":{\"mode\":\"drop\"}}");

        assertThat(scan(code).status()).isEqualTo(200);

        // the poll asks WeChat itself once the payment has waited QueryWaitingPaymentAfter (10 s)
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2))
                .until(() -> status(u, sn).path("payStatus").asInt() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(u, sn).path("orderTradeState").asInt() == 1);
    }

    /** A phone scanning the code and paying: the simulator's user-pay route with the code_url. */
    private static Http.Reply scan(String codeUrl) throws IOException, InterruptedException {
        return Http.postWithHeaders(mesh.sim.port(), "/sim/v1/pay", JSON.writeValueAsString(Map.of("code_url", codeUrl)),
                Map.of("Content-Type", "application/json"));
    }

    /** A phone scanning an Alipay code: pays it, or with {@code pay} false only opens the trade. */
    private static Http.Reply alipayScan(String codeUrl, boolean pay) throws IOException, InterruptedException {
        return Http.postWithHeaders(mesh.sim.port(), "/sim/v1/scan", JSON.writeValueAsString(Map.of("codeUrl", codeUrl,
                "buyer", "13812345678", "pay", pay)), Map.of("Content-Type", "application/json"));
    }

    private static JsonNode alipayTradeByCode(String qrCode) throws IOException, InterruptedException {
        for (JsonNode t : mesh.ledger().path("alipay").path("trades")) {
            if (t.path("qr_code").asText().equals(qrCode)) {
                return t;
            }
        }
        throw new AssertionError("no Alipay trade whose qr_code is " + qrCode);
    }

    private static JsonNode transactionByPrepayId(String prepayId) throws IOException, InterruptedException {
        for (JsonNode t : mesh.ledger().path("transactions")) {
            if (t.path("prepay_id").asText().equals(prepayId)) {
                return t;
            }
        }
        throw new AssertionError("no transaction whose newest prepay_id is " + prepayId);
    }

    private static JsonNode transactionByCode(String codeUrl) throws IOException, InterruptedException {
        for (JsonNode t : mesh.ledger().path("transactions")) {
            if (t.path("code_url").asText().equals(codeUrl)) {
                return t;
            }
        }
        // a repeated prepay hands out a newer code_url: the ledger shows the newest
        throw new AssertionError("no transaction whose newest code_url is " + codeUrl);
    }

    private static String book(MiniProgram.User u) throws IOException, InterruptedException {
        long tomorrow = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1)
                .atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toEpochSecond();
        return ok(Http.post(mesh.port("order-api"), "/order/v1/homestayOrder/createHomestayOrder", JSON.writeValueAsString(Map.of(
                "homestayId", 1, "liveStartTime", tomorrow, "liveEndTime", tomorrow + 86400, "livePeopleNum", 1)), u.token()))
                .data().path("orderSn").asText();
    }

    private static Http.Reply alipayPay(MiniProgram.User u, String orderSn) throws IOException, InterruptedException {
        return Http.post(mesh.port("payment-api"), PAY + "thirdPaymentAlipayPay",
                JSON.writeValueAsString(Map.of("orderSn", orderSn, "serviceType", "homestayOrder")), u.token());
    }

    private static Http.Reply nativePay(MiniProgram.User u, String orderSn) throws IOException, InterruptedException {
        return Http.post(mesh.port("payment-api"), PAY + "thirdPaymentWxNativePay",
                JSON.writeValueAsString(Map.of("orderSn", orderSn, "serviceType", "homestayOrder")), u.token());
    }

    private static JsonNode status(MiniProgram.User u, String orderSn) throws IOException, InterruptedException {
        return ok(Http.post(mesh.port("payment-api"), PAY + "thirdPaymentStatus", JSON.writeValueAsString(Map.of("orderSn", orderSn)),
                u.token())).data();
    }

    private static String mobile() {
        return "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private static Http.Reply ok(Http.Reply r) throws IOException {
        if (r.status() != 200 || r.code() != 200) {
            throw new IOException("HTTP " + r.status() + ": " + r.body());
        }
        return r;
    }
}
