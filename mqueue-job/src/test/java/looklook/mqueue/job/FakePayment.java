package looklook.mqueue.job;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import looklook.proto.payment.ReconcileWaitingPaymentsReq;
import looklook.proto.payment.ReconcileWaitingPaymentsResp;
import looklook.proto.payment.SettleOrderPaymentsReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import looklook.proto.payment.paymentGrpc;

/**
 * payment-rpc's two settle RPCs as the test dictates, on a real gRPC server: the real ones were
 * being written alongside this module, and the close job's branches need answers WeChat would
 * only give by chance (paid at the last moment, unreachable).
 */
final class FakePayment extends paymentGrpc.paymentImplBase {
    /** What settling an order answers (default: nothing paid, nothing waiting); may act first, e.g. pay the order. */
    final Map<String, Supplier<SettleOrderPaymentsResp>> settleAnswers = new ConcurrentHashMap<>();
    final List<SettleOrderPaymentsReq> settleCalls = new CopyOnWriteArrayList<>();
    final List<ReconcileWaitingPaymentsReq> reconcileCalls = new CopyOnWriteArrayList<>();

    @Override
    public void settleOrderPayments(SettleOrderPaymentsReq req, StreamObserver<SettleOrderPaymentsResp> out) {
        settleCalls.add(req);
        out.onNext(settleAnswers.getOrDefault(req.getOrderSn(), SettleOrderPaymentsResp::getDefaultInstance).get());
        out.onCompleted();
    }

    @Override
    public void reconcileWaitingPayments(ReconcileWaitingPaymentsReq req, StreamObserver<ReconcileWaitingPaymentsResp> out) {
        reconcileCalls.add(req);
        out.onNext(ReconcileWaitingPaymentsResp.newBuilder().setChecked(3).setPaid(1).build());
        out.onCompleted();
    }

    /** The calls that settled {@code sn}. */
    List<SettleOrderPaymentsReq> settled(String sn) {
        return settleCalls.stream().filter(r -> r.getOrderSn().equals(sn)).toList();
    }
}
