package looklook.order.api.logic;

import looklook.order.api.types.Types;
import looklook.proto.order.Homestay;
import looklook.proto.order.HomestayOrder;

/** Message to response body; prices stay integer fen end to end. */
final class Views {
    private Views() {
    }

    static Types.UserHomestayOrderListView listView(HomestayOrder o) {
        return new Types.UserHomestayOrderListView(o.getId(), o.getSn(), o.getTitle(), o.getSubTitle(), o.getHomestayId(),
                o.getCover(), o.getOrderTotalPrice(), o.getCreateTime(), o.getTradeState(), o.getLiveStartDate(),
                o.getLiveEndDate(), o.getTradeCode());
    }

    static Types.UserHomestayOrderDetailResp detail(HomestayOrder o) {
        return new Types.UserHomestayOrderDetailResp(o.getSn(), o.getUserId(), o.getHomestayId(), o.getTitle(),
                o.getSubTitle(), o.getCover(), o.getInfo(), o.getFoodInfo(), o.getFoodPrice(), o.getHomestayPrice(),
                o.getMarketHomestayPrice(), o.getHomestayBusinessId(), o.getHomestayUserId(), o.getOrderTotalPrice(),
                o.getCreateTime(), o.getTradeState(), o.getLiveStartDate(), o.getLiveEndDate(), o.getTradeCode(),
                o.getFoodTotalPrice(), o.getHomestayTotalPrice(), o.getRemark(), o.getLivePeopleNum(), o.getNeedFood(),
                o.getRefundAmount());
    }

    static Types.Homestay homestay(Homestay h) {
        return new Types.Homestay(h.getId(), h.getTitle(), h.getSubTitle(), h.getBanner(), h.getInfo(), h.getPeopleNum(),
                h.getHomestayBusinessId(), h.getUserId(), h.getRowState(), h.getRowType(), h.getFoodInfo(),
                h.getFoodPrice(), h.getHomestayPrice(), h.getMarketHomestayPrice());
    }
}
