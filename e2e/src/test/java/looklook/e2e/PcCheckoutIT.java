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
 * WeChat Native code read from the page's QR image and paid in the simulator as a phone would; and
 * Native payments at the API: owner only, one live payment per order, a lost notify found, the close
 * job closing the code at WeChat.
 */
class PcCheckoutIT extends MeshTestBase {
    /** Seconds until an unpaid order closes: long enough to book and pay, short enough to watch a close. */
    private static final long CLOSE_DELAY = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAY = "/payment/v1/thirdPayment/";
    /** The screenshot of the paid page, kept with the build output. */
    private static final Path PAID_SCREENSHOT = Path.of("target", "checkout-paid.png");
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
            // Alipay's route is not there yet: the page shows payment-api's answer and keeps the order
            b.book("alipay");
            assertThat(b.bookingMessage()).contains("(100002)");
            assertThat(b.visible("pay")).isFalse();

            b.payWith("wechat");
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
    void nativePay_whileAJsapiPaymentWaits_isAConflict_andARepeatGetsAFreshCodeForTheSamePayment() throws Exception {
        MiniProgram.User u = app.login();
        MiniProgram.Booking jsapi = app.bookAndPrepay(u);
        assertThat(nativePay(u, jsapi.orderSn()).code()).isEqualTo(130005);

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
