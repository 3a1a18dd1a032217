package looklook.payment.rpc.server;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import looklook.payment.rpc.logic.CreatePaymentLogic;
import looklook.payment.rpc.logic.GetPaymentBySnLogic;
import looklook.payment.rpc.logic.GetPaymentSuccessRefundByOrderSnLogic;
import looklook.payment.rpc.logic.GetPaymentsByOrderSnLogic;
import looklook.payment.rpc.logic.MarkPrepaidLogic;
import looklook.payment.rpc.logic.ApplyAbnormalRefundLogic;
import looklook.payment.rpc.logic.CancelBookingLogic;
import looklook.payment.rpc.logic.QuoteRefundLogic;
import looklook.payment.rpc.logic.ReconcileWaitingPaymentsLogic;
import looklook.payment.rpc.logic.RecordWxPayNotifiesLogic;
import looklook.payment.rpc.logic.RecordWxPayNotifyLogic;
import looklook.payment.rpc.logic.ReconcileTradeBillLogic;
import looklook.payment.rpc.logic.RefundPaymentLogic;
import looklook.payment.rpc.logic.RetryClosedRefundLogic;
import looklook.payment.rpc.logic.SettleOrderPaymentsLogic;
import looklook.payment.rpc.logic.UpdateRefundStatusLogic;
import looklook.payment.rpc.logic.UpdateTradeStateLogic;
import looklook.payment.rpc.svc.ServiceContext;
import looklook.proto.payment.CreatePaymentReq;
import looklook.proto.payment.CreatePaymentResp;
import looklook.proto.payment.GetPaymentBySnReq;
import looklook.proto.payment.GetPaymentBySnResp;
import looklook.proto.payment.GetPaymentSuccessRefundByOrderSnReq;
import looklook.proto.payment.GetPaymentSuccessRefundByOrderSnResp;
import looklook.proto.payment.GetPaymentsByOrderSnReq;
import looklook.proto.payment.GetPaymentsByOrderSnResp;
import looklook.proto.payment.MarkPrepaidReq;
import looklook.proto.payment.MarkPrepaidResp;
import looklook.proto.payment.ApplyAbnormalRefundReq;
import looklook.proto.payment.CancelBookingReq;
import looklook.proto.payment.QuoteRefundReq;
import looklook.proto.payment.QuoteRefundResp;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.RecordWxPayNotifiesReq;
import looklook.proto.payment.RecordWxPayNotifiesResp;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.RecordWxPayNotifyResp;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.RetryClosedRefundReq;
import looklook.proto.payment.ReconcileTradeBillReq;
import looklook.proto.payment.ReconcileTradeBillResp;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import looklook.proto.payment.UpdateRefundStatusReq;
import looklook.proto.payment.UpdateRefundStatusResp;
import looklook.proto.payment.UpdateTradeStateReq;
import looklook.proto.payment.UpdateTradeStateResp;
import looklook.proto.payment.paymentGrpc;

/** The gRPC adapter: one line per RPC; exceptions are mapped by the server's interceptor. */
public final class PaymentServer extends paymentGrpc.paymentImplBase {
    private final ServiceContext svc;

    public PaymentServer(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void createPayment(CreatePaymentReq req, StreamObserver<CreatePaymentResp> out) {
        reply(out, () -> new CreatePaymentLogic(svc).createPayment(req));
    }

    @Override
    public void getPaymentBySn(GetPaymentBySnReq req, StreamObserver<GetPaymentBySnResp> out) {
        reply(out, () -> new GetPaymentBySnLogic(svc).getPaymentBySn(req));
    }

    @Override
    public void updateTradeState(UpdateTradeStateReq req, StreamObserver<UpdateTradeStateResp> out) {
        reply(out, () -> new UpdateTradeStateLogic(svc).updateTradeState(req));
    }

    @Override
    public void getPaymentSuccessRefundByOrderSn(GetPaymentSuccessRefundByOrderSnReq req,
                                                 StreamObserver<GetPaymentSuccessRefundByOrderSnResp> out) {
        reply(out, () -> new GetPaymentSuccessRefundByOrderSnLogic(svc).getPaymentSuccessRefundByOrderSn(req));
    }

    @Override
    public void getPaymentsByOrderSn(GetPaymentsByOrderSnReq req, StreamObserver<GetPaymentsByOrderSnResp> out) {
        reply(out, () -> new GetPaymentsByOrderSnLogic(svc).getPaymentsByOrderSn(req));
    }

    @Override
    public void recordWxPayNotify(RecordWxPayNotifyReq req, StreamObserver<RecordWxPayNotifyResp> out) {
        reply(out, () -> new RecordWxPayNotifyLogic(svc).recordWxPayNotify(req));
    }

    @Override
    public void recordWxPayNotifies(RecordWxPayNotifiesReq req, StreamObserver<RecordWxPayNotifiesResp> out) {
        reply(out, () -> new RecordWxPayNotifiesLogic(svc).recordWxPayNotifies(req));
    }

    @Override
    public void settleOrderPayments(SettleOrderPaymentsReq req, StreamObserver<SettleOrderPaymentsResp> out) {
        reply(out, () -> new SettleOrderPaymentsLogic(svc).settleOrderPayments(req));
    }

    @Override
    public void reconcileWaitingPayments(ReconcileWaitingPaymentsReq req, StreamObserver<ReconcileWaitingPaymentsResp> out) {
        reply(out, () -> new ReconcileWaitingPaymentsLogic(svc).reconcileWaitingPayments(req));
    }

    @Override
    public void refundPayment(RefundPaymentReq req, StreamObserver<RefundPaymentResp> out) {
        reply(out, () -> new RefundPaymentLogic(svc).refundPayment(req));
    }

    @Override
    public void updateRefundStatus(UpdateRefundStatusReq req, StreamObserver<UpdateRefundStatusResp> out) {
        reply(out, () -> new UpdateRefundStatusLogic(svc).updateRefundStatus(req));
    }

    @Override
    public void reconcileTradeBill(ReconcileTradeBillReq req, StreamObserver<ReconcileTradeBillResp> out) {
        reply(out, () -> new ReconcileTradeBillLogic(svc).reconcileTradeBill(req));
    }

    @Override
    public void quoteRefund(QuoteRefundReq req, StreamObserver<QuoteRefundResp> out) {
        reply(out, () -> new QuoteRefundLogic(svc).quoteRefund(req));
    }

    @Override
    public void cancelBooking(CancelBookingReq req, StreamObserver<RefundPaymentResp> out) {
        reply(out, () -> new CancelBookingLogic(svc).cancelBooking(req));
    }

    @Override
    public void retryClosedRefund(RetryClosedRefundReq req, StreamObserver<RefundPaymentResp> out) {
        reply(out, () -> new RetryClosedRefundLogic(svc).retryClosedRefund(req));
    }

    @Override
    public void applyAbnormalRefund(ApplyAbnormalRefundReq req, StreamObserver<RefundPaymentResp> out) {
        reply(out, () -> new ApplyAbnormalRefundLogic(svc).applyAbnormalRefund(req));
    }

    @Override
    public void markPrepaid(MarkPrepaidReq req, StreamObserver<MarkPrepaidResp> out) {
        reply(out, () -> new MarkPrepaidLogic(svc).markPrepaid(req));
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> logic) {
        out.onNext(logic.get());
        out.onCompleted();
    }
}
