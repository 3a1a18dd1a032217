package looklook.payment.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.testing.SandboxProcess;
import looklook.proto.order.HomestayOrder;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.QuoteRefundReq;
import looklook.proto.payment.QuoteRefundResp;
import looklook.proto.payment.paymentGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * payment-rpc's refund quote on a fresh database, reading orders from an order service this test
 * serves on loopback gRPC (the orders it needs: any state, any check-in date, any owner), so the
 * quote is shown to use the order's state, date and owner, and this service's own payments and refunds.
 */
class QuoteRefundIT {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final long PAID = 10_000;
    @TempDir
    static Path tmp;
    private static PaymentRpcFixture fx;
    private static SandboxProcess.Running sim;
    private static OrderRpcDouble orders;
    private static ServiceContext svc;
    private static paymentGrpc.paymentBlockingStub rpc;

    @BeforeAll
    static void start() throws Exception {
        fx = PaymentRpcFixture.start(tmp, null);
        sim = fx.sim();
        orders = fx.orders();
        svc = fx.svc();
        rpc = fx.rpc();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private static long day(int days) {
        return LocalDate.now(SHANGHAI).plusDays(days).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    private static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L);
    }

    /** An order of {@code guest} in {@code tradeState} checking in {@code checkIn} days from today. */
    private static String order(long guest, int tradeState, int checkIn) {
        String sn = PaymentRpcIT.newOrderSn();
        orders.orders.put(sn, HomestayOrder.newBuilder().setSn(sn).setUserId(guest).setHomestayUserId(1).setTradeState(tradeState)
                .setLiveStartDate(day(checkIn)).setLiveEndDate(day(checkIn + 2)).setOrderTotalPrice(PAID).build());
        return sn;
    }

    /** The order's payment, paid in full (as a notify would make it). */
    private static String pay(long guest, String orderSn) {
        String paymentSn = rpc.createPayment(CreatePaymentReq.newBuilder().setUserId(guest).setPayModel("WECHAT_PAY")
                .setPayTotal(PAID).setOrderSn(orderSn).setServiceType("homestayOrder").build()).getSn();
        rpc.updateTradeState(PaymentRpcIT.success(paymentSn));
        return paymentSn;
    }

    private static QuoteRefundResp quote(String orderSn, long userId) {
        return rpc.quoteRefund(QuoteRefundReq.newBuilder().setOrderSn(orderSn).setUserId(userId).build());
    }

    private static void refundRow(String paymentSn, String orderSn, long amount, int status) {
        svc.jdbi().useHandle(h -> h.execute("INSERT INTO third_refund (sn, payment_sn, order_sn, user_id, refund_amount, refund_status) "
                + "VALUES (?, ?, ?, 1, ?, ?)", "RFD" + paymentSn.substring(3), paymentSn, orderSn, amount, status));
    }

    private static BizException bizError(Supplier<?> call) {
        try {
            RpcCalls.call(call);
        } catch (BizException e) {
            return e;
        }
        throw new AssertionError("expected a business error");
    }

    @Test
    void aPaidOrder_isQuotedByTheScheduleAgainstItsCheckInDate() {
        long guest = newUserId();
        for (var c : List.of(new Object[] {10, 10_000L, "100% until 7 days before check-in"},
                new Object[] {3, 5_000L, "50% until the day before check-in"},
                new Object[] {0, 0L, "nothing from check-in day on"})) {
            String sn = order(guest, 1, (int) c[0]);
            pay(guest, sn);
            QuoteRefundResp q = quote(sn, guest);
            assertThat(q.getRefundable()).as("check-in in %s days", c[0]).isEqualTo((long) c[1]);
            assertThat(q.getFee()).isEqualTo(PAID - (long) c[1]);
            assertThat(q.getRule()).isEqualTo(c[2]);
            assertThat(q.getPaid()).isEqualTo(PAID);
            assertThat(q.getRefunded()).isZero();
        }
    }

    @Test
    void anotherUsersOrder_isAnsweredExactlyAsAMissingOne() {
        long guest = newUserId();
        String sn = order(guest, 1, 10);
        pay(guest, sn);
        BizException missing = bizError(() -> quote(PaymentRpcIT.newOrderSn(), guest));
        BizException foreign = bizError(() -> quote(sn, newUserId()));
        assertThat(missing.code()).isEqualTo(ErrorCode.ORDER_NOT_FOUND.code());
        assertThat(foreign.code()).isEqualTo(missing.code());
        assertThat(foreign.userMessage()).isEqualTo(missing.userMessage());
        BizException landlord = bizError(() -> quote(sn, 1));
        assertThat(landlord.code()).as("the landlord is not the owner either").isEqualTo(missing.code());
        assertThat(bizError(() -> quote(sn, 0)).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
        assertThat(bizError(() -> quote("HSO1", guest)).code()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
    }

    @Test
    void anOrderThatIsNotPaid_quotesNothing_namingWhy() {
        long guest = newUserId();
        String used = order(guest, 2, 10);
        pay(guest, used);
        assertThat(quote(used, guest)).extracting(QuoteRefundResp::getRefundable, QuoteRefundResp::getFee, QuoteRefundResp::getRule)
                .containsExactly(0L, PAID, "order used (checked in): nothing is refunded");
        String waiting = order(guest, 0, 10);
        assertThat(quote(waiting, guest)).extracting(QuoteRefundResp::getRefundable, QuoteRefundResp::getFee, QuoteRefundResp::getRule)
                .containsExactly(0L, 0L, "order not paid: nothing to refund");
        String expired = order(guest, 4, -3);
        pay(guest, expired);
        assertThat(quote(expired, guest).getRule()).isEqualTo("stay ended (order expired): nothing is refunded");
    }

    @Test
    void whatWasRefundedAlready_isLeftOut_butAClosedRefundGaveNothingBack() {
        long guest = newUserId();
        String partly = order(guest, 1, 3);
        refundRow(pay(guest, partly), partly, 3_000, 1);
        QuoteRefundResp q = quote(partly, guest);
        assertThat(q.getRefunded()).isEqualTo(3_000);
        assertThat(q.getRefundable()).isEqualTo(3_500);
        assertThat(q.getFee()).isEqualTo(3_500);

        String closed = order(guest, 1, 10);
        refundRow(pay(guest, closed), closed, PAID, 2);
        assertThat(quote(closed, guest).getRefundable()).as("a CLOSED refund returned nothing").isEqualTo(PAID);

        String abnormal = order(guest, 1, 10);
        refundRow(pay(guest, abnormal), abnormal, PAID, -1);
        assertThat(quote(abnormal, guest)).extracting(QuoteRefundResp::getRefundable, QuoteRefundResp::getRule)
                .as("an ABNORMAL refund's money is held for the guest by WeChat")
                .containsExactly(0L, "nothing left: 10000 fen refunded already");
    }
}
