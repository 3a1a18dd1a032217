package looklook.payment.rpc.logic;

import looklook.payment.rpc.model.ThirdPayment;
import looklook.proto.payment.PaymentDetail;

/** Row to message. */
final class Protos {
    private Protos() {
    }

    static PaymentDetail detail(ThirdPayment p) {
        return PaymentDetail.newBuilder()
                .setId(p.id()).setSn(p.sn()).setUserId(p.userId()).setPayMode(p.payMode())
                .setTradeType(p.tradeType()).setTradeState(p.tradeState()).setPayTotal(p.payTotal())
                .setTransactionId(p.transactionId()).setTradeStateDesc(p.tradeStateDesc())
                .setOrderSn(p.orderSn()).setServiceType(p.serviceType())
                .setCreateTime(p.createTime() / 1000).setUpdateTime(p.updateTime() / 1000)
                .setPayStatus(p.payStatus()).setPayTime(p.payTime() / 1000).setExpireTime(p.expireTime())
                .build();
    }
}
