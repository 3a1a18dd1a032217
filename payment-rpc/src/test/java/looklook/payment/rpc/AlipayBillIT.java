package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.alipay.api.AlipayClient;
import com.alipay.api.response.AlipayDataDataserviceBillDownloadurlQueryResponse;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.payment.rpc.channel.AlipayChannel;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.ReconcileTradeBillLogic;
import looklook.payment.rpc.logic.RefundPaymentLogic;
import looklook.payment.rpc.logic.SettleOrderPaymentsLogic;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefund;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayClients;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.SandboxProcess;
import looklook.pkg.wechat.WxTimes;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.SettleOrderPaymentsReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily reconciliation against Alipay's trade bill from the simulator (served today): a payment
 * whose notify was lost is applied, a refund settled at Alipay whose answer and query were lost is
 * settled, a payment known here matches; a bill Alipay cannot give leaves the day not done; a second
 * run repairs nothing twice. A download URL serving garbage or too much is refused.
 */
class AlipayBillIT {
    @TempDir
    static Path tmp;
    private static SandboxProcess.Running sim;
    private static SimAndPayments fx;
    private static ServiceContext svc;
    private static AlipayClient merchant;

    @BeforeAll
    static void start() throws Exception {
        fx = SimAndPayments.start(tmp);
        sim = fx.sim();
        svc = fx.svc();
        merchant = AlipayClients.create(svc.config().alipayConf());
        Http.postRaw(sim.port(), "/sim/v1/bills/ready-at", "{\"ready_at\":\"now\"}");
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void theBill_appliesALostNotify_settlesARefund_matchesTheRest_once() throws Exception {
        ThirdPayment dropped = payment(1_100);
        scan(AlipayPayer.precreate(svc, merchant, dropped));
        ThirdPayment matched = paidHere(2_200);
        ThirdPayment refunded = paidHere(3_300);
        // the refund takes effect at Alipay, its answer is lost and every refund query fails: processing here
        Http.postRaw(sim.port(), "/sim/v1/faults", "{\"fail\":{\"endpoint\":\"alipay_refund\",\"status\":502,\"after\":true}}");
        Http.postRaw(sim.port(), "/sim/v1/faults", "{\"fail\":{\"endpoint\":\"alipay_refund_query\",\"status\":502,\"count\":1000}}");
        try {
            new RefundPaymentLogic(svc).refundPayment(RefundPaymentReq.newBuilder().setOrderSn(refunded.orderSn())
                    .setPaymentSn(refunded.sn()).setReason("test").build());
        } catch (BizException unknown) {
            // the outcome is unknown to the caller; the refund stays booked, processing
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> trade(refunded).path("refunded").asLong() == 3_300);
        ThirdRefund refund = refunds(refunded);
        assertThat(refund.refundStatus()).as("not known here").isEqualTo(ThirdRefund.PROCESSING);

        // Alipay cannot give the bill now: the day is not done for Alipay, and nothing is applied
        Http.postRaw(sim.port(), "/sim/v1/faults", "{\"fail\":{\"endpoint\":\"alipay_bill\",\"code\":\"isp.unknow-error\"}}");
        BizException e = catchThrowableOfType(() -> reconcile(false), BizException.class);
        assertThat(e.is(ErrorCode.ALIPAY_ERROR)).as(e.getMessage()).isTrue();
        assertThat(done("ALIPAY")).isZero();
        assertThat(reload(dropped).status()).isEqualTo(PayStatus.WAIT);
        clearFaults();

        ReconcileTradeBillResp r = reconcile(false);
        assertThat(r.getLines()).as("three payments and a refund").isEqualTo(4);
        assertThat(r.getRepaired()).as("the lost notify and the refund settled").isEqualTo(2);
        assertThat(r.getMatched()).isEqualTo(2);
        assertThat(r.getUnrepaired()).isZero();
        assertThat(done("ALIPAY")).isEqualTo(1);
        assertThat(reload(dropped).status()).isEqualTo(PayStatus.SUCCESS);
        assertThat(reload(dropped).transactionId()).isEqualTo(trade(dropped).path("trade_no").asText());
        assertThat(reload(matched).status()).isEqualTo(PayStatus.SUCCESS);
        assertThat(refunds(refunded).refundStatus()).as("settled from the bill").isEqualTo(ThirdRefund.SUCCESS);
        assertThat(reload(refunded).status()).isEqualTo(PayStatus.REFUNDED);
        assertThat(kinds()).isEqualTo(Map.of("DROPPED_NOTIFY", 1L, "REFUND_SETTLED", 1L));

        assertThat(reconcile(false).getSkipped()).as("a day is reconciled once").isTrue();
        long events = count("SELECT COUNT(*) FROM outbox");
        ReconcileTradeBillResp again = reconcile(true);
        assertThat(again.getRepaired()).as("nothing is repaired twice").isZero();
        assertThat(again.getMatched()).isEqualTo(4);
        assertThat(count("SELECT COUNT(*) FROM outbox")).as("no event twice").isEqualTo(events);
        assertThat(kinds()).isEqualTo(Map.of("DROPPED_NOTIFY", 1L, "REFUND_SETTLED", 1L));
    }

    @Test
    void aDownloadUrlServingGarbageOrTooMuch_isRefused() throws Exception {
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/garbage", x -> {
            byte[] b = "<html>not a zip</html>".getBytes();
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        files.createContext("/huge", x -> {
            x.sendResponseHeaders(200, 0); // chunked: no length to refuse up front, the bound stops the read
            try (OutputStream out = x.getResponseBody()) {
                byte[] mb = new byte[1 << 20];
                for (int i = 0; i < 64; i++) {
                    out.write(mb);
                }
            } catch (java.io.IOException closedByTheReader) {
                // expected: the client stops reading at its bound
            }
        });
        files.start();
        try {
            String base = "http://127.0.0.1:" + files.getAddress().getPort();
            assertThat(refusal(base + "/garbage")).contains("no *业务明细.csv entry");
            assertThat(refusal(base + "/huge")).contains("beyond");
        } finally {
            files.stop(0);
        }
    }

    /** Why Alipay's channel refuses the day's bill when its download URL is {@code url} (as if Alipay had answered it). */
    private static String refusal(String url) {
        AlipayClient rewriting = (AlipayClient) Proxy.newProxyInstance(AlipayClient.class.getClassLoader(),
                new Class<?>[] {AlipayClient.class}, (proxy, m, args) -> {
                    Object answer;
                    try {
                        answer = m.invoke(merchant, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (answer instanceof AlipayDataDataserviceBillDownloadurlQueryResponse r) {
                        r.setBillDownloadUrl(url);
                    }
                    return answer;
                });
        AlipayChannel alipay = new AlipayChannel(rewriting, svc.config().alipayConf());
        BizException e = catchThrowableOfType(() -> alipay.tradeBill(today()), BizException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.is(ErrorCode.ALIPAY_ERROR)).isTrue();
        return e.getMessage();
    }

    private static void clearFaults() throws Exception {
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    }

    private static ReconcileTradeBillResp reconcile(boolean force) {
        return new ReconcileTradeBillLogic(svc).reconcileTradeBill(ReconcileTradeBillReq.newBuilder()
                .setBillDate(today().toString()).setForce(force).build());
    }

    private static LocalDate today() {
        return LocalDate.now(WxTimes.SHANGHAI);
    }

    private static long done(String channel) {
        return count("SELECT COUNT(*) FROM bill_reconciliation WHERE channel = ?", channel);
    }

    private static Map<String, Long> kinds() {
        return svc.jdbi().withHandle(h -> h.createQuery("SELECT kind, COUNT(*) n FROM bill_difference GROUP BY kind")
                .reduceRows(new java.util.TreeMap<String, Long>(), (m, row) -> {
                    m.put(row.getColumn("kind", String.class), row.getColumn("n", Long.class));
                    return m;
                }));
    }

    private static long count(String sql, Object... args) {
        return svc.jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    private static ThirdPayment payment(long total) {
        String orderSn = "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
        String sn = new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel("ALIPAY")
                .setTradeType("PRECREATE").setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder")
                .setExpireTime(svc.clock().instant().getEpochSecond() + 600).setDescription("Alipay bill test")
                .setNotifyUrl(svc.config().alipayConf().notifyUrl()).build()).getSn();
        return reload(sn);
    }

    /** Pays the code; its notify goes nowhere (the notify URL answers nothing): a lost notify. */
    private static void scan(String code) throws Exception {
        assertThat(Http.postWithHeaders(sim.port(), "/sim/v1/scan", "{\"codeUrl\":\"" + code + "\",\"buyer\":\"13812345678\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
    }

    private static ThirdPayment paidHere(long total) throws Exception {
        ThirdPayment p = payment(total);
        scan(AlipayPayer.precreate(svc, merchant, p));
        assertThat(new SettleOrderPaymentsLogic(svc).settleOrderPayments(SettleOrderPaymentsReq.newBuilder()
                .setOrderSn(p.orderSn()).setCloseUnpaid(false).build()).getPaid()).isTrue();
        return reload(p);
    }

    private static ThirdRefund refunds(ThirdPayment p) {
        return svc.jdbi().withExtension(ThirdRefundModel.class, m -> m.listByPaymentSn(p.sn())).get(0);
    }

    private static ThirdPayment reload(ThirdPayment p) {
        return reload(p.sn());
    }

    private static ThirdPayment reload(String sn) {
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)).orElseThrow();
    }

    private static com.fasterxml.jackson.databind.JsonNode trade(ThirdPayment p) throws Exception {
        return Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + p.sn()).path("alipay").path("trades").path(0);
    }
}
