package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alipay.api.AlipayClient;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradeFastpayRefundQueryRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;
import looklook.sandbox.alipay.AlipayKeys;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.crypto.SimKeys;
import looklook.sandbox.notify.Deliveries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Alipay gateway driven by the official alipay-sdk-java exactly as a merchant drives Alipay. */
class AlipayGatewayIT {
    private static final AtomicLong SEQ = new AtomicLong();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keys;
    @TempDir
    static Path otherKeys;
    static Sandbox sim;
    static AlipayMerchant merchant;
    static DefaultAlipayClient alipay;

    @BeforeAll
    static void start() {
        sim = Sandbox.start(SandboxConfig.forTest(keys, 0.001).withBillsReadyAt("now"));
        merchant = new AlipayMerchant(keys);
        alipay = AlipayMerchant.client(sim, keys);
    }

    @AfterAll
    static void stop() {
        merchant.close();
        sim.close();
    }

    @Test
    void payByScan_notifyVerifiedAndRetriedUntilSuccess_thenQueryRefundsRefundQueryAndBill() throws Exception {
        String no = outTradeNo();
        AlipayTradePrecreateResponse pre = precreate(no, "10.00", "Homestay 2 nights");
        assertThat(pre.isSuccess()).as(pre.getBody()).isTrue();
        assertThat(pre.getQrCode()).startsWith("https://qr.alipay.com/bax");
        // precreate alone: Alipay's query does not know the trade until a buyer scans
        assertThat(query(no).getSubCode()).isEqualTo("ACQ.TRADE_NOT_EXIST");

        merchant.refuse.set(2);
        HttpResponse<String> scan = scan(pre.getQrCode(), "13812345678", null);
        assertThat(scan.statusCode()).as(scan.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> delivery(no).map(d -> d.state() == Deliveries.State.DELIVERED).orElse(false));
        assertThat(delivery(no).orElseThrow().attempts()).hasSize(3);
        List<AlipayMerchant.Notify> notifies = merchant.received.stream().filter(n -> no.equals(n.params().get("out_trade_no"))).toList();
        assertThat(notifies).hasSize(3).allMatch(AlipayMerchant.Notify::verified);
        assertThat(notifies.get(0).params()).containsEntry("trade_status", "TRADE_SUCCESS").containsEntry("total_amount", "10.00")
                .containsEntry("notify_type", "trade_status_sync").containsEntry("app_id", sim.config().alipay().appId())
                .containsEntry("seller_id", sim.config().alipay().sellerId()).containsEntry("buyer_logon_id", "138****5678");

        var q = query(no);
        assertThat(q.getTradeStatus()).isEqualTo("TRADE_SUCCESS");
        assertThat(q.getTotalAmount()).isEqualTo("10.00");

        AlipayTradeRefundResponse r1 = refund(no, "3.00", "R1-" + no);
        assertThat(r1.isSuccess()).as(r1.getBody()).isTrue();
        assertThat(r1.getFundChange()).isEqualTo("Y");
        assertThat(r1.getRefundFee()).isEqualTo("3.00");
        assertThat(refund(no, "3.00", "R1-" + no).getFundChange()).as("a repeated out_request_no moves no money").isEqualTo("N");
        assertThat(refund(no, "7.01", "R2-" + no).getSubCode()).isEqualTo("ACQ.REASON_TRADE_REFUND_FEE_ERR");
        assertThat(refund(no, "4.00", "R1-" + no).getSubCode()).isEqualTo("ACQ.DISCORDANT_REPEAT_REQUEST");

        AlipayTradeFastpayRefundQueryRequest rq = new AlipayTradeFastpayRefundQueryRequest();
        rq.setBizContent("{\"out_trade_no\":\"" + no + "\",\"out_request_no\":\"R1-" + no + "\"}");
        var refundQuery = alipay.execute(rq);
        assertThat(refundQuery.getRefundStatus()).isEqualTo("REFUND_SUCCESS");
        assertThat(refundQuery.getRefundAmount()).isEqualTo("3.00");

        JsonNode ledger = JSON.readTree(get(sim.baseUrl() + "/sim/v1/ledger?out_trade_no=" + no).body()).get("alipay");
        assertThat(ledger.get("trades").get(0).get("total").asLong()).isEqualTo(1000);
        assertThat(ledger.get("trades").get(0).get("refunded").asLong()).isEqualTo(300);
        assertThat(ledger.get("trades").get(0).get("refundable").asLong()).isEqualTo(700);
        assertThat(ledger.get("refunds")).hasSize(1);

        AlipayDataDataserviceBillDownloadurlQueryRequest bill = new AlipayDataDataserviceBillDownloadurlQueryRequest();
        bill.setBizContent("{\"bill_type\":\"trade\",\"bill_date\":\"" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "\"}");
        String url = alipay.execute(bill).getBillDownloadUrl();
        assertThat(url).startsWith(sim.baseUrl() + "/downloadBillFile.resource?");
        byte[] zip = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        String detail = unzipDetail(zip);
        assertThat(detail).contains(no + "\t,交易").contains(no + "\t,退款").contains(",-3.00,");
    }

    @Test
    void close_afterAScanWithoutPayment_closesTheTrade_andTheCodeCanNoLongerBePaid() throws Exception {
        String no = outTradeNo();
        String qr = precreate(no, "0.01", "close me").getQrCode();
        assertThat(scan(qr, "2088102146225135", false).statusCode()).isEqualTo(200);
        assertThat(query(no).getTradeStatus()).isEqualTo("WAIT_BUYER_PAY");

        AlipayTradeCloseRequest close = new AlipayTradeCloseRequest();
        close.setBizContent("{\"out_trade_no\":\"" + no + "\"}");
        assertThat(alipay.execute(close).isSuccess()).isTrue();
        assertThat(query(no).getTradeStatus()).isEqualTo("TRADE_CLOSED");
        assertThat(alipay.execute(close).getSubCode()).isEqualTo("ACQ.TRADE_STATUS_ERROR");

        HttpResponse<String> paid = scan(qr, "2088102146225135", null);
        assertThat(paid.statusCode()).isEqualTo(410);
        assertThat(paid.body()).contains("TRADE_HAS_CLOSE");
        assertThat(precreate(no, "0.01", "close me").getSubCode()).isEqualTo("ACQ.TRADE_HAS_CLOSE");
    }

    @Test
    void close_beforeAnyScan_isTradeNotExist_yetTheCodeIsDead() throws Exception {
        String no = outTradeNo();
        String qr = precreate(no, "1.00", "never scanned").getQrCode();
        AlipayTradeCloseRequest close = new AlipayTradeCloseRequest();
        close.setBizContent("{\"out_trade_no\":\"" + no + "\"}");
        assertThat(alipay.execute(close).getSubCode()).isEqualTo("ACQ.TRADE_NOT_EXIST");
        assertThat(scan(qr, "13900000000", null).statusCode()).isEqualTo(410);
    }

    @Test
    void fullRefundWithoutRequestNumber_closesTheTrade_otherAmountsAreNotTheTotal() throws Exception {
        String no = outTradeNo();
        scan(precreate(no, "5.00", "refund all").getQrCode(), "2088102146225136", null);
        assertThat(refund(no, "4.00", null).getSubCode()).isEqualTo("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
        assertThat(refund(no, "5.00", null).getFundChange()).isEqualTo("Y");
        assertThat(query(no).getTradeStatus()).isEqualTo("TRADE_CLOSED");
    }

    /** One refused request: how the merchant's client is made wrong, and the sub_code Alipay answers. */
    record Refusal(String name, Function<String, AlipayClient> client, String bizOverride, String subCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("signed with another key", no -> AlipayMerchant.client(sim, sim.config().alipay().appId(),
                        otherKey(), keys, "UTF-8"), null, "isv.invalid-signature"),
                new Refusal("unknown app_id", no -> AlipayMerchant.client(sim, "2021000000009999",
                        keys.resolve(AlipayKeys.APP_PRIVATE), keys, "UTF-8"), null, "isv.invalid-app-id"),
                new Refusal("charset not utf-8", no -> AlipayMerchant.client(sim, sim.config().alipay().appId(),
                        keys.resolve(AlipayKeys.APP_PRIVATE), keys, "ISO-8859-1"), null, "isv.invalid-charset"),
                new Refusal("amount with three decimals", no -> alipay, "1.001", "ACQ.INVALID_PARAMETER"),
                new Refusal("amount above 100000000.00", no -> alipay, "100000000.01", "ACQ.INVALID_PARAMETER"),
                new Refusal("reused out_trade_no, other amount", no -> alipay, "2.00", "ACQ.CONTEXT_INCONSISTENT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refused(Refusal c) throws Exception {
        String no = outTradeNo();
        if (c.subCode().equals("ACQ.CONTEXT_INCONSISTENT")) {
            assertThat(precreate(no, "1.00", "first").isSuccess()).isTrue();
        }
        AlipayTradePrecreateRequest req = new AlipayTradePrecreateRequest();
        req.setBizContent("{\"out_trade_no\":\"" + no + "\",\"total_amount\":\"" + (c.bizOverride() == null ? "1.00" : c.bizOverride())
                + "\",\"subject\":\"first\"}");
        AlipayTradePrecreateResponse rsp = c.client().apply(no).execute(req);
        assertThat(rsp.isSuccess()).isFalse();
        assertThat(rsp.getSubCode()).as(rsp.getBody()).isEqualTo(c.subCode());
        assertThat(sim.alipayBook().view(no).map(t -> t.subject())).as("nothing issued").isIn(java.util.Optional.empty(),
                java.util.Optional.of("first"));
    }

    private static Path otherKey() {
        SimKeys.pair(otherKeys, "app_key.pem", "app_pub.pem");
        return otherKeys.resolve("app_key.pem");
    }

    private static AlipayTradePrecreateResponse precreate(String no, String amount, String subject) throws Exception {
        AlipayTradePrecreateRequest req = new AlipayTradePrecreateRequest();
        req.setNotifyUrl(merchant.notifyUrl());
        req.setBizContent("{\"out_trade_no\":\"" + no + "\",\"total_amount\":\"" + amount + "\",\"subject\":\"" + subject
                + "\",\"timeout_express\":\"30m\"}");
        return alipay.execute(req);
    }

    private static com.alipay.api.response.AlipayTradeQueryResponse query(String no) throws Exception {
        AlipayTradeQueryRequest req = new AlipayTradeQueryRequest();
        req.setBizContent("{\"out_trade_no\":\"" + no + "\"}");
        return alipay.execute(req);
    }

    private static AlipayTradeRefundResponse refund(String no, String amount, String requestNo) throws Exception {
        AlipayTradeRefundRequest req = new AlipayTradeRefundRequest();
        req.setBizContent("{\"out_trade_no\":\"" + no + "\",\"refund_amount\":\"" + amount + "\""
                + (requestNo == null ? "" : ",\"out_request_no\":\"" + requestNo + "\"") + "}");
        return alipay.execute(req);
    }

    private static HttpResponse<String> scan(String code, String buyer, Boolean pay) throws Exception {
        String body = "{\"codeUrl\":\"" + code + "\",\"buyer\":\"" + buyer + "\"" + (pay == null ? "" : ",\"pay\":" + pay) + "}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/scan"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Optional<Deliveries.Delivery> delivery(String no) {
        return sim.deliveries().all().stream().filter(d -> no.equals(d.outTradeNo())).findFirst();
    }

    private static String unzipDetail(byte[] zip) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), Charset.forName("GBK"))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith("_业务明细.csv")) {
                    return new String(in.readAllBytes(), Charset.forName("GBK"));
                }
            }
        }
        throw new AssertionError("no 业务明细 file in the zip");
    }

    private static String outTradeNo() {
        return "PMT" + System.currentTimeMillis() + String.format("%09d", SEQ.incrementAndGet());
    }
}
