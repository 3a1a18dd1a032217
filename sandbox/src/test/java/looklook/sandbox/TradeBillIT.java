package looklook.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.billdownload.BillDownloadService;
import com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension;
import com.wechat.pay.java.service.billdownload.DigestBillEntity;
import com.wechat.pay.java.service.billdownload.model.BillType;
import com.wechat.pay.java.service.billdownload.model.GetTradeBillRequest;
import com.wechat.pay.java.service.billdownload.model.QueryBillEntity;
import com.wechat.pay.java.service.billdownload.model.TarType;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import looklook.pkg.wechat.WxPayClients;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.ledger.RefundStatus;
import looklook.sandbox.ledger.Txn;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trade bill through the official SDK (BillDownloadService and its extension, on the same
 * config and HTTP client as every other call): today's bill, as {@code BillsReadyAt: now} allows,
 * downloaded, its hash verified by the SDK, its lines matched against the ledger.
 */
class TradeBillIT {
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    @TempDir
    static Path keys;
    static SimFixture fx;
    static MerchantReceiver merchant;
    static WxPayClients pay;
    static BillDownloadServiceExtension bills;

    @BeforeAll
    static void start() {
        fx = SimFixture.start(SandboxConfig.forTest(keys, 0.001).withBillsReadyAt("now"));
        merchant = new MerchantReceiver();
        pay = fx.pay(merchant.url());
        merchant.use(pay);
        // config() would build its own HTTP client without the BaseUrl interceptor; httpClient() replaces it
        bills = new BillDownloadServiceExtension.Builder().config(pay.config()).httpClient(pay.httpClient()).build();
    }

    @AfterAll
    static void stop() {
        merchant.close();
        fx.close();
    }

    @Test
    void sdkGetsTodaysBill_gzip_verifiesTheHash_andTheLinesAreTheLedgersPaymentsAndRefunds() throws Exception {
        String jsapi = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, jsapi, 1999, "oBill1"));
        String nativeNo = nativePaid(300);
        String unpaid = SimFixture.outTradeNo();
        fx.prepay(pay, unpaid, 4000, "oBill2");
        pay.refunds().create(refund(jsapi, "RB" + jsapi, 500, 1999));
        fx.post("/sim/v1/merchant/refund", "{\"out_trade_no\":\"" + nativeNo + "\",\"amount\":100}");
        await().atMost(Duration.ofSeconds(5)).until(() -> fx.sim.ledger().refunds().stream()
                .filter(r -> r.outTradeNo().equals(jsapi) || r.outTradeNo().equals(nativeNo))
                .allMatch(r -> r.status() == RefundStatus.SUCCESS));
        LocalDate day = LocalDate.ofInstant(fx.sim.ledger().byOutTradeNo(fx.mchId(), jsapi).orElseThrow().successTime(), CHINA);

        DigestBillEntity bill = bills.getTradeBill(request(day, BillType.ALL, TarType.GZIP));
        byte[] file;
        try (InputStream in = bill.getInputStream()) {
            file = in.readAllBytes();
        }
        assertThat(bill.verifyHash()).as("the SDK's own check, over the file after gunzip").isTrue();

        assertThat(Arrays.copyOf(file, 3)).as("UTF-8 byte order mark").containsExactly(0xEF, 0xBB, 0xBF);
        List<String> lines = new String(file, 3, file.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", looklook.sandbox.bill.BillType.ALL.columns()));
        int summary = lines.indexOf("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额");
        List<List<String>> rows = lines.subList(1, summary).stream().map(TradeBillIT::fields).toList();
        assertThat(lines.subList(1, summary)).allMatch(l -> Arrays.stream(l.split(",", -1)).allMatch(f -> f.startsWith("`")));

        // every payment of the day is a SUCCESS line with WeChat's numbers, every refund a REFUND line
        List<Txn> paid = fx.sim.ledger().transactions().stream()
                .filter(t -> t.successTime() != null && LocalDate.ofInstant(t.successTime(), CHINA).equals(day)).toList();
        assertThat(rows.stream().filter(r -> r.get(9).equals("SUCCESS")).map(r -> r.get(6) + "|" + r.get(5) + "|" + r.get(24)))
                .containsExactlyInAnyOrderElementsOf(paid.stream()
                        .map(t -> t.outTradeNo() + "|" + t.transactionId() + "|" + yuan(t.total())).toList());
        assertThat(rows.stream().filter(r -> r.get(9).equals("REFUND")).map(r -> r.get(6) + "|" + r.get(15) + "|" + r.get(16)))
                .containsExactlyInAnyOrderElementsOf(fx.sim.ledger().refunds().stream()
                        .filter(r -> LocalDate.ofInstant(r.createTime(), CHINA).equals(day))
                        .map(r -> r.outTradeNo() + "|" + r.outRefundNo() + "|" + yuan(r.refund())).toList())
                .contains(jsapi + "|RB" + jsapi + "|5.00");
        assertThat(rows).noneMatch(r -> r.get(6).equals(unpaid));
        List<String> totals = fields(lines.get(summary + 1));
        assertThat(totals.get(0)).isEqualTo(Integer.toString(rows.size()));
        assertThat(totals.get(5)).isEqualTo(yuan(paid.stream().mapToLong(Txn::total).sum()));
    }

    @Test
    void plainSuccessBill_hashIsTheSha1OfTheBytes_andTheUrlIsOnWeChatsHost() throws Exception {
        String no = SimFixture.outTradeNo();
        fx.userPays(fx.prepay(pay, no, 1234, "oBill3"));
        pay.refunds().create(refund(no, "RS" + no, 34, 1234));
        BillDownloadService service = new BillDownloadService.Builder().httpClient(pay.httpClient())
                .decryptor(pay.config().createDecryptor()).build();
        QueryBillEntity entity = service.getTradeBill(request(today(), BillType.SUCCESS, null));
        assertThat(entity.getDownloadUrl()).startsWith("https://api.mch.weixin.qq.com/v3/billdownload/file?token=");
        byte[] file;
        try (InputStream in = pay.httpClient().download(entity.getDownloadUrl())) {
            file = in.readAllBytes();
        }
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(file))).isEqualTo(entity.getHashValue());
        List<String> lines = new String(file, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0).split(",")).hasSize(20).doesNotContain("微信退款单号");
        assertThat(lines).anyMatch(l -> l.contains("`" + no + ",")).noneMatch(l -> l.contains("`REFUND,"));
    }

    @Test
    void download_isCheckedLikeEveryCall_badSignature401_unknownToken404() {
        fx.userPays(fx.prepay(pay, SimFixture.outTradeNo(), 100, "oBill5"));
        QueryBillEntity entity = new BillDownloadService.Builder().httpClient(pay.httpClient())
                .decryptor(pay.config().createDecryptor()).build().getTradeBill(request(today(), BillType.ALL, null));
        WxPayClients tampering = fx.pay(merchant.url(), chain -> {
            Request r = chain.request();
            return chain.proceed(r.newBuilder().url(r.url().toString().replace("token=", "token=x")).build());
        });
        assertThatThrownBy(() -> tampering.httpClient().download(entity.getDownloadUrl()))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(401));
        assertThatThrownBy(() -> pay.httpClient().download("https://api.mch.weixin.qq.com/v3/billdownload/file?token=nope"))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(404));
    }

    @Test
    void refusals_areWeChats_andTheDefaultRuleRefusesTodayUntilTenTomorrow() {
        assertRefused(request(today().plusDays(1), BillType.ALL, null), "INVALID_REQUEST");
        assertRefused(raw("2026/12/01"), "PARAM_ERROR");
        // the sim started with this class: nothing happened yesterday
        assertRefused(request(today().minusDays(1), BillType.ALL, null), "NO_STATEMENT_EXIST");
        assertThat(fx.post("/sim/v1/bills/ready-at", "{\"ready_at\":\"10:00\"}").body()).contains("\"ready_at\":\"10:00\"");
        try {
            fx.userPays(fx.prepay(pay, SimFixture.outTradeNo(), 100, "oBill4"));
            assertRefused(request(today(), BillType.ALL, null), "STATEMENT_CREATING");
        } finally {
            fx.post("/sim/v1/bills/ready-at", "{\"ready_at\":\"now\"}");
        }
        assertThat(fx.get("/sim/v1/bills/ready-at").body()).contains("\"ready_at\":\"now\"");
        assertThat(fx.post("/sim/v1/bills/ready-at", "{\"ready_at\":\"soon\"}").statusCode()).isEqualTo(400);
    }

    private static void assertRefused(GetTradeBillRequest r, String code) {
        assertThatThrownBy(() -> bills.getTradeBill(r)).as(code).isInstanceOfSatisfying(ServiceException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo(code);
        });
    }

    private static String nativePaid(int total) {
        String no = SimFixture.outTradeNo();
        String codeUrl = fx.nativePrepay(pay, no, total, "homestay, by the lake");
        fx.post("/sim/v1/pay", "{\"code_url\":\"" + codeUrl + "\",\"openid\":\"oScan\"}");
        return no;
    }

    private static GetTradeBillRequest request(LocalDate day, BillType type, TarType tar) {
        GetTradeBillRequest r = raw(day.toString());
        r.setBillType(type);
        r.setTarType(tar);
        return r;
    }

    private static GetTradeBillRequest raw(String billDate) {
        GetTradeBillRequest r = new GetTradeBillRequest();
        r.setBillDate(billDate);
        return r;
    }

    private static CreateRequest refund(String outTradeNo, String outRefundNo, long refund, long total) {
        CreateRequest r = new CreateRequest();
        r.setOutTradeNo(outTradeNo);
        r.setOutRefundNo(outRefundNo);
        r.setNotifyUrl(merchant.url());
        AmountReq a = new AmountReq();
        a.setRefund(refund);
        a.setTotal(total);
        a.setCurrency("CNY");
        r.setAmount(a);
        return r;
    }

    private static LocalDate today() {
        return LocalDate.ofInstant(Instant.now(), CHINA);
    }

    private static List<String> fields(String line) {
        return Arrays.stream(line.split(",", -1)).map(f -> f.substring(1)).toList();
    }

    private static String yuan(long cents) {
        return String.format(java.util.Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }
}
