package looklook.order.rpc.logic;

import looklook.order.rpc.model.Homestay;
import looklook.order.rpc.model.HomestayOrder;

/** Row to message for the order and catalog answers. */
final class Protos {
    private Protos() {
    }

    static looklook.proto.order.HomestayOrder order(HomestayOrder o) {
        return looklook.proto.order.HomestayOrder.newBuilder()
                .setId(o.id()).setSn(o.sn()).setUserId(o.userId()).setHomestayId(o.homestayId())
                .setTitle(o.title()).setSubTitle(o.subTitle()).setCover(o.cover()).setInfo(o.info())
                .setPeopleNum(o.peopleNum()).setRowType(o.rowType()).setNeedFood(o.needFood() ? 1 : 0)
                .setFoodInfo(o.foodInfo()).setFoodPrice(o.foodPrice()).setHomestayPrice(o.homestayPrice())
                .setMarketHomestayPrice(o.marketHomestayPrice()).setHomestayBusinessId(o.homestayBusinessId())
                .setHomestayUserId(o.homestayUserId())
                .setLiveStartDate(Stay.epochSecond(o.liveStartDate())).setLiveEndDate(Stay.epochSecond(o.liveEndDate()))
                .setLivePeopleNum(o.livePeopleNum()).setTradeState(o.tradeState()).setTradeCode(o.tradeCode())
                .setRemark(o.remark()).setOrderTotalPrice(o.orderTotalPrice()).setFoodTotalPrice(o.foodTotalPrice())
                .setHomestayTotalPrice(o.homestayTotalPrice()).setCreateTime(o.createTime().getEpochSecond())
                .setPayDeadline(o.payDeadline()).setRefundAmount(o.refundAmount())
                .build();
    }

    static looklook.proto.order.Homestay homestay(Homestay h) {
        return looklook.proto.order.Homestay.newBuilder()
                .setId(h.id()).setTitle(h.title()).setSubTitle(h.subTitle()).setBanner(h.banner()).setInfo(h.info())
                .setPeopleNum(h.peopleNum()).setHomestayBusinessId(h.homestayBusinessId()).setUserId(h.userId())
                .setRowState(h.rowState()).setRowType(h.rowType()).setFoodInfo(h.foodInfo())
                .setFoodPrice(h.foodPrice()).setHomestayPrice(h.homestayPrice())
                .setMarketHomestayPrice(h.marketHomestayPrice())
                .build();
    }
}
