package looklook.mqueue.job.logic;

import java.util.Optional;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.Payloads;
import looklook.pkg.jobq.SkipRetryException;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.HomestayOrderDetailResp;
import looklook.proto.order.orderGrpc;

/** What both handlers do first: read the payload and the order it names. */
final class Jobs {
    private Jobs() {
    }

    /** The payload, or a SkipRetry: a payload that cannot be read will not become readable. */
    static <T> T payload(String json, Class<T> type) {
        try {
            return Payloads.read(json, type);
        } catch (IllegalArgumentException e) {
            throw new SkipRetryException("unreadable payload: " + e.getMessage(), e);
        }
    }

    /** The order, empty when order-rpc does not know it; a malformed sn is a SkipRetry. */
    static Optional<HomestayOrder> order(orderGrpc.orderBlockingStub orderRpc, String sn) {
        HomestayOrderDetailResp r;
        try {
            r = RpcCalls.call(() -> orderRpc.homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn(sn).build()));
        } catch (BizException e) {
            if (e.is(ErrorCode.REQUEST_PARAM_ERROR)) {
                throw new SkipRetryException("order " + sn + ": refused by order-rpc: " + e.userMessage(), e);
            }
            throw e;
        }
        return r.hasHomestayOrder() ? Optional.of(r.getHomestayOrder()) : Optional.empty();
    }
}
