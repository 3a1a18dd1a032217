package looklook.order.rpc.model;

/** A row of {@code homestay}: one home of the catalog; prices in fen. */
public record Homestay(
        long id,
        String title,
        String subTitle,
        String banner,
        String info,
        int peopleNum,
        long homestayBusinessId,
        long userId,
        int rowState,
        int rowType,
        String foodInfo,
        long foodPrice,
        long homestayPrice,
        long marketHomestayPrice) {

    /** {@code row_state} of a home that takes bookings. */
    public static final int ON_SALE = 1;

    public boolean onSale() {
        return rowState == ON_SALE;
    }

    /** The first banner image (looklook's cover rule). */
    public String cover() {
        int comma = banner.indexOf(',');
        return comma < 0 ? banner : banner.substring(0, comma);
    }
}
