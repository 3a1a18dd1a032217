package looklook.order.api.types;

import java.util.List;
import looklook.pkg.conf.OptionalKey;

/**
 * Request and response bodies of order-api; JSON names as looklook's order.api and travel's
 * homestay.api. Every price is an integer number of fen (cents of a yuan), never a float.
 * Dates are unix seconds; the server reads them as calendar dates in Asia/Shanghai.
 */
public final class Types {
    private Types() {
    }

    /** {@code POST /order/v1/homestayOrder/createHomestayOrder}; {@code isFood} defaults to false. */
    public record CreateHomestayOrderReq(Long homestayId, @OptionalKey Boolean isFood, Long liveStartTime,
                                         Long liveEndTime, Long livePeopleNum, @OptionalKey String remark) {
    }

    /** The new order's sn. */
    public record CreateHomestayOrderResp(String orderSn) {
    }

    /**
     * {@code POST /order/v1/homestayOrder/userHomestayOrderList}: {@code lastId} absent or 0 for the
     * first page; {@code tradeState} absent or -99 for every state.
     */
    public record UserHomestayOrderListReq(@OptionalKey Long lastId, Long pageSize, @OptionalKey Long tradeState) {
    }

    /** One line of the order list; {@code id} (not in looklook's view) is what the next page's lastId takes. */
    public record UserHomestayOrderListView(long id, String sn, String title, String subTitle, long homestayId, String cover,
                                            long orderTotalPrice, long createTime, long tradeState,
                                            long liveStartDate, long liveEndDate, String tradeCode) {
    }

    /** The caller's orders, newest first; the next page is asked for with lastId = the last one's id. */
    public record UserHomestayOrderListResp(List<UserHomestayOrderListView> list) {
    }

    /** {@code POST /order/v1/homestayOrder/userHomestayOrderDetail}. */
    public record UserHomestayOrderDetailReq(String sn) {
    }

    /** One of the caller's orders: the snapshot of the home, the stay, the totals, the state and (refunded) the fen given back. */
    public record UserHomestayOrderDetailResp(
            String sn, long userId, long homestayId, String title, String subTitle, String cover, String info,
            String foodInfo, long foodPrice, long homestayPrice, long marketHomestayPrice, long homestayBusinessId,
            long homestayUserId, long orderTotalPrice, long createTime, long tradeState, long liveStartDate,
            long liveEndDate, String tradeCode, long foodTotalPrice, long homestayTotalPrice, String remark,
            long livePeopleNum, long needFood, long refundAmount) {
    }

    /** {@code POST /order/v1/homestayOrder/checkIn}: the landlord checks in the guest of order {@code sn} with its trade code. */
    public record CheckInReq(String sn, String tradeCode) {
    }

    /** The order after check-in: tradeState 2 (used), and the stay's dates. */
    public record CheckInResp(String sn, long tradeState, long liveStartDate, long liveEndDate) {
    }

    /** A home of the catalog (travel's Homestay). */
    public record Homestay(long id, String title, String subTitle, String banner, String info, long peopleNum,
                           long homestayBusinessId, long userId, long rowState, long rowType, String foodInfo,
                           long foodPrice, long homestayPrice, long marketHomestayPrice) {
    }

    /** {@code POST /order/v1/homestay/homestayList}: {@code lastId} absent or 0 for the first page. */
    public record HomestayListReq(@OptionalKey Long lastId, Long pageSize) {
    }

    /** Homes on sale, newest first. */
    public record HomestayListResp(List<Homestay> list) {
    }

    /** {@code POST /order/v1/homestay/homestayDetail}. */
    public record HomestayDetailReq(Long id) {
    }

    /** One home. */
    public record HomestayDetailResp(Homestay homestay) {
    }
}
