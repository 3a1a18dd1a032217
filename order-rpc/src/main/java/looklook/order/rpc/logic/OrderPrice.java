package looklook.order.rpc.logic;

import looklook.order.rpc.model.Homestay;

/**
 * An order's totals in fen, priced as looklook does: nights x the home's price, plus, when food
 * is wanted, food price x guests x nights. Exact arithmetic: an overflow is a bug, not a price.
 */
record OrderPrice(long homestayTotal, long foodTotal, long orderTotal) {
    static OrderPrice of(Homestay home, Stay stay, int people, boolean needFood) {
        long homestayTotal = Math.multiplyExact(home.homestayPrice(), stay.nights());
        long foodTotal = needFood ? Math.multiplyExact(Math.multiplyExact(home.foodPrice(), people), stay.nights()) : 0;
        return new OrderPrice(homestayTotal, foodTotal, Math.addExact(homestayTotal, foodTotal));
    }
}
