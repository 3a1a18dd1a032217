package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.alipay.api.AlipayClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.wechat.pay.java.core.exception.ServiceException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.MarkPrepaidLogic;
import looklook.payment.rpc.logic.ReconcileWaitingPaymentsLogic;
import looklook.payment.rpc.logic.SettleOrderPaymentsLogic;
import looklook.payment.rpc.logic.StaleReads;
import looklook.payment.rpc.model.ThirdPayment;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.alipay.AlipayClients;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.PayStatus;
import looklook.pkg.events.TradeType;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.MarkPrepaidReq;
import looklook.proto.payment.MarkPrepaidResp;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payment no code of which was ever handed out (made for payment-api, which marks every prepay before
 * it hands the code out: marksPrepay, MarkPrepaid) is given up here without asking its provider, by a
 * channel switch, the close job and the reconcile tick, so a WeChat that fails every call keeps nobody
 * from paying with Alipay; a payment whose code was handed out, or that was made without the promise to
 * mark, still waits for its provider's word. Races are played both by two threads and in fixed orders
 * (a stale read handed to the step after it). Against the simulator, WeChat failing by fault rules, and
 * a fresh database; the V10 and V11 migrations on databases with payments made before them.
 */
class NeverPrepaidIT {
    /** Calls each fault rule fails: more than any test here makes, so a rule left whole was never called. */
    private static final int DOWN = 1_000_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path tmp;
    private static SimAndPayments fx;
    private static SandboxProcess.Running sim;
    private static ServiceContext svc;
    private static AlipayClient merchant;

    @BeforeAll
    static void start() throws Exception {
        fx = SimAndPayments.start(tmp);
        sim = fx.sim();
        svc = fx.svc();
        merchant = AlipayClients.create(svc.config().alipayConf());
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @BeforeEach
    void weChatUp() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/v1/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void switchToAlipay_whileWeChatFailsEveryCall_closesTheNeverPrepaidWeChatPaymentHere_andAlipayPaysTheOrder() throws Exception {
        weChatDown();
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 1_500, newOrderSn());
        assertThatThrownBy(() -> SimPayer.prepay(svc, sim, wx.sn(), 1_500)).as("WeChat answered no code")
                .isInstanceOf(ServiceException.class);

        ThirdPayment ali = payment("ALIPAY", "PRECREATE", 1_500, wx.orderSn());

        assertThat(ali.sn()).isNotEqualTo(wx.sn());
        ThirdPayment closed = reload(wx);
        assertThat(closed.status()).isEqualTo(PayStatus.CLOSED);
        assertThat(closed.tradeState()).isEqualTo("SWITCHED");
        assertThat(closed.prepaid()).isFalse();
        assertThat(remaining("query") + remaining("close")).as("WeChat was never asked about it").isEqualTo(2L * DOWN);
        MarkPrepaidResp late = new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder().setSn(wx.sn()).build());
        assertThat(late.getWaiting()).as("a WeChat prepay answered now hands out no code").isFalse();
        assertThat(late.getPayStatus()).isEqualTo(PayStatus.CLOSED.code());

        String tradeNo = AlipayPayer.scan(sim, AlipayPayer.precreate(svc, merchant, ali), true).body().path("trade")
                .path("trade_no").asText();
        assertThat(settle(ali.orderSn(), false).getPaid()).isTrue();
        assertThat(reload(ali).status()).isEqualTo(PayStatus.SUCCESS);
        assertThat(reload(ali).transactionId()).isEqualTo(tradeNo);
        assertThat(Http.get(sim.port(), "/sim/v1/ledger?out_trade_no=" + wx.sn()).path("transactions"))
                .as("WeChat has no trade of the given-up payment").isEmpty();
    }

    @Test
    void markPrepaid_answersWaiting_thenTheSameOnARepeat_closedOnceClosed_andNotFoundForAnUnknownSn() {
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 1_700, newOrderSn());

        MarkPrepaidResp first = mark(wx);
        assertThat(first.getWaiting()).isTrue();
        assertThat(first.getPayStatus()).isEqualTo(PayStatus.WAIT.code());
        assertThat(reload(wx).prepaid()).isTrue();
        MarkPrepaidResp repeat = mark(wx);
        assertThat(repeat.getWaiting()).isTrue();
        assertThat(repeat.getPayStatus()).isEqualTo(PayStatus.WAIT.code());

        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment SET pay_status = ? WHERE sn = ?", PayStatus.CLOSED.code(), wx.sn()));
        MarkPrepaidResp closed = mark(wx);
        assertThat(closed.getWaiting()).isFalse();
        assertThat(closed.getPayStatus()).isEqualTo(PayStatus.CLOSED.code());

        BizException unknown = catchThrowableOfType(() -> new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder()
                .setSn("PMT" + newOrderSn().substring(3)).build()), BizException.class);
        assertThat(unknown.code()).isEqualTo(ErrorCode.PAYMENT_NOT_FOUND.code());
    }

    @Test
    void switch_ofAPrepaidWeChatPayment_whileWeChatFails_isStillRefused_andItKeepsWaiting() throws Exception {
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 1_600, newOrderSn());
        SimPayer.prepay(svc, sim, wx.sn(), 1_600); // accepted and marked: its code may be in the user's hands
        weChatDown();

        BizException e = catchThrowableOfType(() -> payment("ALIPAY", "PRECREATE", 1_600, wx.orderSn()), BizException.class);

        assertThat(e.is(ErrorCode.PAYMENT_CONFLICT)).as(e.getMessage()).isTrue();
        assertThat(reload(wx).status()).isEqualTo(PayStatus.WAIT);
        assertThat(reload(wx).prepaid()).isTrue();
        List<ThirdPayment> ofOrder = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(wx.orderSn()));
        assertThat(ofOrder).hasSize(1);
    }

    @Test
    void markPrepaid_racingTheSwitch_exactlyOneWins_andALostMarkHandsNoCodeOut() throws Exception {
        // a switch that loses to the mark must ask WeChat, which fails: it is refused, and the payment waits marked
        weChatDown();
        int rounds = 40;
        int markWon = 0;
        int switchWon = 0;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                long total = 1_700 + i;
                ThirdPayment wx = payment("WECHAT_PAY", "NATIVE", total, newOrderSn());
                CyclicBarrier together = new CyclicBarrier(2);
                long markDelayNanos = (i % 5) * 300_000L; // now one, now the other comes first
                Future<MarkPrepaidResp> mark = two.submit(() -> {
                    together.await();
                    LockSupport.parkNanos(markDelayNanos);
                    return new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder().setSn(wx.sn()).build());
                });
                Future<Object> switched = two.submit(() -> {
                    together.await();
                    try {
                        return payment("ALIPAY", "PRECREATE", total, wx.orderSn());
                    } catch (BizException e) {
                        return e;
                    }
                });
                MarkPrepaidResp m = mark.get(20, TimeUnit.SECONDS);
                Object s = switched.get(20, TimeUnit.SECONDS);
                ThirdPayment now = reload(wx);
                if (m.getWaiting()) {
                    markWon++;
                    assertThat(s).as("round %d", i).isInstanceOfSatisfying(BizException.class,
                            e -> assertThat(e.is(ErrorCode.PAYMENT_CONFLICT)).as(e.getMessage()).isTrue());
                    assertThat(now.status()).isEqualTo(PayStatus.WAIT);
                    assertThat(now.prepaid()).isTrue();
                } else {
                    switchWon++;
                    assertThat(s).as("round %d", i).isInstanceOf(ThirdPayment.class);
                    assertThat(now.status()).isEqualTo(PayStatus.CLOSED);
                    assertThat(now.prepaid()).as("never marked").isFalse();
                    assertThat(m.getPayStatus()).isEqualTo(PayStatus.CLOSED.code());
                }
            }
        } finally {
            two.shutdownNow();
        }
        System.out.printf("NeverPrepaidIT race: mark won %d, switch won %d of %d%n", markWon, switchWon, rounds);
        assertThat(markWon + switchWon).isEqualTo(rounds);
    }

    @Test
    void closeJob_closesANeverPrepaidPaymentWithoutAskingWeChat_andLeavesAPrepaidOneWaiting_whileWeChatFails() throws Exception {
        ThirdPayment never = payment("WECHAT_PAY", "JSAPI", 1_800, newOrderSn());
        ThirdPayment prepaid = payment("WECHAT_PAY", "JSAPI", 1_801, newOrderSn());
        SimPayer.prepay(svc, sim, prepaid.sn(), 1_801);
        weChatDown();

        SettleOrderPaymentsResp closed = settle(never.orderSn(), true);
        assertThat(closed.getClosed()).isEqualTo(1);
        assertThat(reload(never).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(reload(never).tradeState()).isEqualTo("NOT_PREPAID");
        assertThat(remaining("query")).as("WeChat not asked").isEqualTo(DOWN);

        SettleOrderPaymentsResp waiting = settle(prepaid.orderSn(), true);
        assertThat(waiting.getClosed()).isZero();
        assertThat(waiting.getStillWaiting()).as("its code may be held: WeChat's word is needed").isEqualTo(1);
        assertThat(reload(prepaid).status()).isEqualTo(PayStatus.WAIT);
    }

    @Test
    void neverPrepaidClose_ofAReadMadeBeforeTheMark_closesNothing_andTheSwitchAsksWeChat() throws Exception {
        // the fixed order of the race above: the switch reads the payment, the mark comes, then the switch closes
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 1_900, newOrderSn());
        ThirdPayment read = reload(wx);
        assertThat(read.neverPrepaid()).isTrue();
        assertThat(mark(wx).getWaiting()).isTrue();

        assertThat(StaleReads.closeNeverPrepaid(svc, read, "SWITCHED")).as("the mark came first").isFalse();
        assertThat(reload(wx).status()).isEqualTo(PayStatus.WAIT);
        assertThat(reload(wx).prepaid()).isTrue();

        weChatDown();
        BizException e = catchThrowableOfType(() -> StaleReads.closeForSwitch(svc, read, TradeType.PRECREATE), BizException.class);
        assertThat(e).as("its code may be held: WeChat must confirm the close").isNotNull();
        assertThat(e.is(ErrorCode.PAYMENT_CONFLICT)).as(e.getMessage()).isTrue();
        assertThat(remaining("query")).as("WeChat was asked").isLessThan(DOWN);
        assertThat(reload(wx).status()).isEqualTo(PayStatus.WAIT);
    }

    @Test
    void switch_ofAReadMadeBeforeTheCloseJobGaveThePaymentUp_goesOn_withoutAskingWeChat() throws Exception {
        // the fixed order: the switch reads the payment, the close job closes it, then the switch closes
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 1_910, newOrderSn());
        ThirdPayment read = reload(wx);
        assertThat(settle(wx.orderSn(), true).getClosed()).isEqualTo(1);
        weChatDown();

        StaleReads.closeForSwitch(svc, read, TradeType.PRECREATE);

        assertThat(remaining("query") + remaining("close")).as("WeChat not asked").isEqualTo(2L * DOWN);
        assertThat(reload(wx).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(reload(wx).tradeState()).as("closed once, by the close job").isEqualTo("NOT_PREPAID");
        assertThat(StaleReads.closeNeverPrepaid(svc, read, "NOT_PREPAID")).as("nothing left to close").isFalse();
    }

    @Test
    void twoSwitchesAtOnce_whileWeChatFails_bothAnswerTheSameAlipayPayment() throws Exception {
        weChatDown();
        int rounds = 20;
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < rounds; i++) {
                long total = 2_000 + i;
                ThirdPayment wx = payment("WECHAT_PAY", "NATIVE", total, newOrderSn());
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Object>> clicks = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    clicks.add(two.submit(() -> {
                        together.await();
                        try {
                            return payment("ALIPAY", "PRECREATE", total, wx.orderSn());
                        } catch (BizException e) {
                            return e;
                        }
                    }));
                }
                Object first = clicks.get(0).get(20, TimeUnit.SECONDS);
                Object second = clicks.get(1).get(20, TimeUnit.SECONDS);
                assertThat(first).as("round %d: %s", i, first).isInstanceOf(ThirdPayment.class);
                assertThat(second).as("round %d: %s", i, second).isInstanceOf(ThirdPayment.class);
                assertThat(((ThirdPayment) second).sn()).as("round %d: one new payment", i).isEqualTo(((ThirdPayment) first).sn());
                assertThat(reload(wx).status()).isEqualTo(PayStatus.CLOSED);
                assertThat(reload(wx).tradeState()).isEqualTo("SWITCHED");
                List<ThirdPayment> ofOrder = svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.listByOrderSn(wx.orderSn()));
                assertThat(ofOrder).as("round %d: the WeChat payment and one Alipay payment", i).hasSize(2);
            }
        } finally {
            two.shutdownNow();
        }
        assertThat(remaining("query") + remaining("close")).as("WeChat never asked").isEqualTo(2L * DOWN);
    }

    @Test
    void aPaymentMadeWithoutTheFlag_isNeverGivenUpUnasked_whileWeChatFails() throws Exception {
        // made for a payment-api older than the mark: its code may be in the user's hands, unmarked
        ThirdPayment wx = payment("WECHAT_PAY", "JSAPI", 2_100, newOrderSn(), false);
        assertThat(wx.awaitsMark()).isFalse();
        weChatDown();

        BizException e = catchThrowableOfType(() -> payment("ALIPAY", "PRECREATE", 2_100, wx.orderSn()), BizException.class);

        assertThat(e).as("the switch must be refused").isNotNull();
        assertThat(e.is(ErrorCode.PAYMENT_CONFLICT)).as(e.getMessage()).isTrue();
        assertThat(remaining("query")).as("WeChat was asked").isLessThan(DOWN);
        assertThat(settle(wx.orderSn(), true).getStillWaiting()).as("nor does the close job give it up unasked").isEqualTo(1);
        assertThat(reload(wx).status()).isEqualTo(PayStatus.WAIT);
    }

    @Test
    void reuse_neverMakesAPaymentAwaitTheMark_andAReuseWithoutTheFlagStopsItAwaiting() throws Exception {
        ThirdPayment unflagged = payment("WECHAT_PAY", "JSAPI", 2_200, newOrderSn(), false);
        ThirdPayment again = payment("WECHAT_PAY", "JSAPI", 2_200, unflagged.orderSn(), true);
        assertThat(again.sn()).isEqualTo(unflagged.sn());
        assertThat(again.awaitsMark()).as("an earlier caller may hold an unmarked code").isFalse();

        ThirdPayment flagged = payment("WECHAT_PAY", "JSAPI", 2_201, newOrderSn(), true);
        assertThat(flagged.awaitsMark()).isTrue();
        ThirdPayment takenOver = payment("WECHAT_PAY", "JSAPI", 2_201, flagged.orderSn(), false);
        assertThat(takenOver.sn()).isEqualTo(flagged.sn());
        assertThat(takenOver.awaitsMark()).as("this caller hands its code out unmarked").isFalse();
        weChatDown();
        BizException e = catchThrowableOfType(() -> payment("ALIPAY", "PRECREATE", 2_201, flagged.orderSn()), BizException.class);
        assertThat(e).isNotNull();
        assertThat(e.is(ErrorCode.PAYMENT_CONFLICT)).as(e.getMessage()).isTrue();
    }

    @Test
    void reconcileTick_pastTimeExpire_givesUpANeverPrepaidPaymentUnasked_butAsksWeChatAboutOneMadeWithoutTheFlag() throws Exception {
        ThirdPayment never = payment("WECHAT_PAY", "JSAPI", 2_300, newOrderSn());
        ThirdPayment unflagged = payment("WECHAT_PAY", "JSAPI", 2_301, newOrderSn(), false);
        // both made five minutes ago, their time_expire two minutes past (beyond the 60 s clock grace)
        svc.jdbi().useHandle(h -> h.execute("UPDATE third_payment SET expire_time = UNIX_TIMESTAMP() - 120, "
                + "create_time = NOW(3) - INTERVAL 5 MINUTE WHERE sn IN (?, ?)", never.sn(), unflagged.sn()));
        weChatDown();

        ReconcileWaitingPaymentsResp r = tickOver(reload(never));
        assertThat(r.getChecked()).isEqualTo(1);
        assertThat(r.getClosed()).isEqualTo(1);
        assertThat(reload(never).status()).isEqualTo(PayStatus.CLOSED);
        assertThat(reload(never).tradeState()).isEqualTo("NOT_PREPAID");
        assertThat(remaining("query") + remaining("close")).as("WeChat not asked").isEqualTo(2L * DOWN);

        ReconcileWaitingPaymentsResp u = tickOver(reload(unflagged));
        assertThat(u.getChecked()).isEqualTo(1);
        assertThat(u.getClosed()).as("WeChat cannot answer: it waits").isZero();
        assertThat(reload(unflagged).status()).isEqualTo(PayStatus.WAIT);
        assertThat(remaining("query")).as("WeChat was asked").isLessThan(DOWN);
    }

    /** A new database of its own, migrated up to {@code version}; its Jdbi maps rows as the service's does. */
    private static Jdbi migratedTo(MysqlDsn db, String version) {
        Jdbi.create(db.jdbcUrl().replace("/" + db.database() + "?", "/?"), db.user(), db.password())
                .useHandle(h -> h.execute("CREATE DATABASE `" + db.database() + "`"));
        migrations(db).target(version).load().migrate();
        MysqlDataSource ds = new MysqlDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        return DataSources.jdbi(ds);
    }

    private static FluentConfiguration migrations(MysqlDsn db) {
        return Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).locations("classpath:db/migration");
    }

    @Test
    void migrationV11_aPaymentMadeBeforeIt_orByAnOlderPaymentRpcAfterIt_awaitsNoMark() throws Exception {
        MysqlDsn db = TestInfra.freshDatabase("looklook_payment");
        try {
            Jdbi j = migratedTo(db, "10");
            // as a payment-rpc of V10 inserts it, then as one older than V11 inserts it after V11 ran: no awaits_mark
            String insert = "INSERT INTO third_payment (sn, user_id, pay_mode, pay_total, order_sn, service_type, pay_status) "
                    + "VALUES (?, 7, 'WECHAT_PAY', 100, ?, 'homestayOrder', 0)";
            String before = "PMT" + "3".repeat(22);
            String after = "PMT" + "4".repeat(22);
            j.useHandle(h -> h.execute(insert, before, newOrderSn()));

            migrations(db).load().migrate();
            j.useHandle(h -> h.execute(insert, after, newOrderSn()));

            for (String sn : List.of(before, after)) {
                ThirdPayment p = j.withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)).orElseThrow();
                assertThat(p.prepaid()).as(sn).isFalse();
                assertThat(p.awaitsMark()).as(sn).isFalse();
                assertThat(p.neverPrepaid()).as(sn).isFalse();
                int givenUp = j.withExtension(ThirdPaymentModel.class, m -> m.closeNeverPrepaid(sn, "SWITCHED"));
                assertThat(givenUp).as("%s: its provider is asked", sn).isZero();
            }
        } finally {
            DataSources.dropDatabase(db);
        }
    }

    @Test
    void migrationV10_countsAPaymentWaitingBeforeIt_asPrepaid_andOnlyThat() throws Exception {
        MysqlDsn db = TestInfra.freshDatabase("looklook_payment");
        try {
            Jdbi j = migratedTo(db, "9");
            String waiting = "PMT" + "1".repeat(22);
            String closed = "PMT" + "2".repeat(22);
            j.useHandle(h -> h.execute("INSERT INTO third_payment (sn, user_id, pay_mode, pay_total, order_sn, service_type, pay_status, "
                    + "create_time) VALUES (?, 7, 'WECHAT_PAY', 100, ?, 'homestayOrder', 0, NOW(3) - INTERVAL 5 MINUTE), "
                    + "(?, 7, 'WECHAT_PAY', 100, ?, 'homestayOrder', 3, NOW(3))", waiting, newOrderSn(), closed, newOrderSn()));

            migrations(db).load().migrate();

            ThirdPayment w = j.withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(waiting)).orElseThrow();
            assertThat(w.prepaid()).as("its code may have been handed out").isTrue();
            assertThat(w.prepaidAt()).as("its create time").isEqualTo(w.createTime());
            int givenUp = j.withExtension(ThirdPaymentModel.class, m -> m.closeNeverPrepaid(waiting, "SWITCHED"));
            assertThat(givenUp).as("a switch asks its provider").isZero();
            assertThat(j.withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(closed)).orElseThrow().prepaid()).isFalse();
        } finally {
            DataSources.dropDatabase(db);
        }
    }

    /** WeChat fails every call of the Pay API this test's code makes, as when it is down. */
    private static void weChatDown() throws Exception {
        for (String endpoint : new String[] {"jsapi", "native", "query", "close"}) {
            JsonNode r = Http.postRaw(sim.port(), "/sim/v1/faults", "{\"fail\":{\"endpoint\":\"" + endpoint
                    + "\",\"status\":503,\"count\":" + DOWN + "}}");
            assertThat(r.path("active").isObject()).as(r.toString()).isTrue();
        }
    }

    /** Calls the fail rule of {@code endpoint} has left to fail (0 when it has none). */
    private static long remaining(String endpoint) throws Exception {
        for (JsonNode rule : Http.get(sim.port(), "/sim/v1/faults").path("fail")) {
            if (endpoint.equals(rule.path("endpoint").asText())) {
                return rule.path("remaining").asLong();
            }
        }
        return 0;
    }

    private static String newOrderSn() {
        return "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(10_000_000_000_000L));
    }

    /** CreatePayment as payment-api asks it (a switch when another trade type waits for the order); the payment made. */
    private static ThirdPayment payment(String mode, String tradeType, long total, String orderSn) {
        return payment(mode, tradeType, total, orderSn, true);
    }

    /** The same, from a caller that marks its prepays ({@code marksPrepay}) or not (a payment-api older than the mark). */
    private static ThirdPayment payment(String mode, String tradeType, long total, String orderSn, boolean marksPrepay) {
        String notifyUrl = mode.equals("ALIPAY") ? svc.config().alipayConf().notifyUrl() : "http://127.0.0.1:1/wx";
        String sn = new CreatePaymentLogic(svc).createPayment(CreatePaymentReq.newBuilder().setUserId(7).setPayModel(mode)
                .setTradeType(tradeType).setPayTotal(total).setOrderSn(orderSn).setServiceType("homestayOrder")
                .setExpireTime(svc.clock().instant().getEpochSecond() + 600).setDescription("never prepaid test")
                .setNotifyUrl(notifyUrl).setMarksPrepay(marksPrepay).build()).getSn();
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(sn)).orElseThrow();
    }

    private static MarkPrepaidResp mark(ThirdPayment p) {
        return new MarkPrepaidLogic(svc).markPrepaid(MarkPrepaidReq.newBuilder().setSn(p.sn()).build());
    }

    private static ReconcileWaitingPaymentsResp tickOver(ThirdPayment p) {
        return new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(ReconcileWaitingPaymentsReq.newBuilder()
                .setOlderThanSeconds(0).setLimit(1).setAfterId(p.id() - 1).build());
    }

    private static ThirdPayment reload(ThirdPayment p) {
        return svc.jdbi().withExtension(ThirdPaymentModel.class, m -> m.findOneBySn(p.sn())).orElseThrow();
    }

    private static SettleOrderPaymentsResp settle(String orderSn, boolean closeUnpaid) {
        return new SettleOrderPaymentsLogic(svc).settleOrderPayments(SettleOrderPaymentsReq.newBuilder()
                .setOrderSn(orderSn).setCloseUnpaid(closeUnpaid).build());
    }
}
