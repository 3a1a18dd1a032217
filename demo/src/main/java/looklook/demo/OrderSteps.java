package looklook.demo;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.BiPredicate;

/** Browse the catalog, book a stay, read it back: what the mini program does before paying. */
final class OrderSteps {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** Prints a step: name, what happened, micros. */
    interface Printer {
        void print(String name, String what, long micros);
    }

    private final Api order;
    private final Printer out;
    private final BiPredicate<String, Api.Reply> fail;

    OrderSteps(Api order, Printer out, BiPredicate<String, Api.Reply> fail) {
        this.order = order;
        this.out = out;
        this.fail = fail;
    }

    /** Returns the new order's sn, or null when a step failed. */
    String run(String token) throws Exception {
        Api.Reply list = order.post("/order/v1/homestay/homestayList", Map.of("pageSize", 5), null);
        if (!list.ok() || list.data().path("list").isEmpty()) {
            fail.test("browse", list);
            return null;
        }
        var home = list.data().path("list").get(0);
        out.print("browse", "POST /order/v1/homestay/homestayList -> " + list.data().path("list").size() + " homes, first \""
                + home.path("title").asText() + "\" " + yuan(home.path("homestayPrice").asLong()) + "/night", list.micros());

        LocalDate checkIn = LocalDate.now(SHANGHAI).plusDays(1);
        Map<String, Object> req = Map.of("homestayId", home.path("id").asLong(), "isFood", true,
                "liveStartTime", seconds(checkIn), "liveEndTime", seconds(checkIn.plusDays(2)), "livePeopleNum", 2,
                "remark", "demo");
        Api.Reply created = order.post("/order/v1/homestayOrder/createHomestayOrder", req, token);
        if (!created.ok()) {
            fail.test("order", created);
            return null;
        }
        String sn = created.data().path("orderSn").asText();
        Api.Reply detail = order.post("/order/v1/homestayOrder/userHomestayOrderDetail", Map.of("sn", sn), token);
        if (!detail.ok()) {
            fail.test("order detail", detail);
            return null;
        }
        var d = detail.data();
        out.print("order", "POST .../createHomestayOrder -> " + sn + ": 2 nights x 2 people with food = "
                + yuan(d.path("orderTotalPrice").asLong()) + ", state " + d.path("tradeState").asInt() + " (wait pay), code "
                + d.path("tradeCode").asText(), created.micros() + detail.micros());

        Api.Reply mine = order.post("/order/v1/homestayOrder/userHomestayOrderList", Map.of("pageSize", 10), token);
        if (!mine.ok() || !mine.data().path("list").get(0).path("sn").asText().equals(sn)) {
            fail.test("my orders", mine);
            return null;
        }
        out.print("my orders", "POST .../userHomestayOrderList -> newest is " + sn, mine.micros());
        return sn;
    }

    private static long seconds(LocalDate date) {
        return date.atStartOfDay(SHANGHAI).toEpochSecond();
    }

    /** Fen as yuan for people, without floating point. */
    private static String yuan(long fen) {
        return String.format("%d.%02d yuan", fen / 100, fen % 100);
    }
}
