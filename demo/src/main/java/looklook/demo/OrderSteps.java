package looklook.demo;

import com.fasterxml.jackson.databind.JsonNode;
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

    /** A placed order as its detail shows it, and how long placing and reading it back took. */
    record Booked(String sn, JsonNode detail, long micros) {
    }

    private final Api order;
    private final Printer out;
    private final BiPredicate<String, Api.Reply> fail;
    private long homestayId;

    OrderSteps(Api order, Printer out, BiPredicate<String, Api.Reply> fail) {
        this.order = order;
        this.out = out;
        this.fail = fail;
    }

    /** Returns the new order, or null when a step failed. */
    Booked run(String token) throws Exception {
        Api.Reply list = order.post("/order/v1/homestay/homestayList", Map.of("pageSize", 5), null);
        if (!list.ok() || list.data().path("list").isEmpty()) {
            fail.test("browse", list);
            return null;
        }
        var home = list.data().path("list").get(0);
        homestayId = home.path("id").asLong();
        out.print("browse", "POST /order/v1/homestay/homestayList -> " + list.data().path("list").size() + " homes, first \""
                + home.path("title").asText() + "\" " + yuan(home.path("homestayPrice").asLong()) + "/night", list.micros());

        Booked b = book(token, "order", today().plusDays(1), 2, 2, true);
        if (b == null) {
            return null;
        }
        out.print("order", "POST .../createHomestayOrder -> " + b.sn() + ": 2 nights x 2 people with food = "
                + yuan(b.detail().path("orderTotalPrice").asLong()) + ", state " + b.detail().path("tradeState").asInt()
                + " (wait pay), code " + b.detail().path("tradeCode").asText(), b.micros());

        Api.Reply mine = order.post("/order/v1/homestayOrder/userHomestayOrderList", Map.of("pageSize", 10), token);
        if (!mine.ok() || !mine.data().path("list").get(0).path("sn").asText().equals(b.sn())) {
            fail.test("my orders", mine);
            return null;
        }
        out.print("my orders", "POST .../userHomestayOrderList -> newest is " + b.sn(), mine.micros());
        return b;
    }

    /** Places an order for the home browsed in {@link #run} and reads it back; null (after printing why) when refused. */
    Booked book(String token, String step, LocalDate checkIn, int nights, int people, boolean food) throws Exception {
        return book(token, step, homestayId, checkIn, nights, people, food);
    }

    /** Places an order for a given home and reads it back; null (after printing why) when refused. */
    Booked book(String token, String step, long homeId, LocalDate checkIn, int nights, int people, boolean food) throws Exception {
        Map<String, Object> req = Map.of("homestayId", homeId, "isFood", food,
                "liveStartTime", seconds(checkIn), "liveEndTime", seconds(checkIn.plusDays(nights)), "livePeopleNum", people,
                "remark", "demo");
        Api.Reply created = order.post("/order/v1/homestayOrder/createHomestayOrder", req, token);
        if (!created.ok()) {
            fail.test(step, created);
            return null;
        }
        String sn = created.data().path("orderSn").asText();
        Api.Reply detail = detail(token, sn);
        if (!detail.ok()) {
            fail.test(step + " detail", detail);
            return null;
        }
        return new Booked(sn, detail.data(), created.micros() + detail.micros());
    }

    Api.Reply detail(String token, String sn) throws Exception {
        return order.post("/order/v1/homestayOrder/userHomestayOrderDetail", Map.of("sn", sn), token);
    }

    static LocalDate today() {
        return LocalDate.now(SHANGHAI);
    }

    private static long seconds(LocalDate date) {
        return date.atStartOfDay(SHANGHAI).toEpochSecond();
    }

    /** Fen as yuan for people, without floating point. */
    static String yuan(long fen) {
        return String.format("%d.%02d yuan", fen / 100, fen % 100);
    }
}
