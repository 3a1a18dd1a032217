package looklook.order.rpc;

import static looklook.order.rpc.OrderRpcFixture.bizError;
import static looklook.order.rpc.OrderRpcFixture.day;
import static looklook.order.rpc.OrderRpcFixture.newUserId;
import static looklook.order.rpc.OrderRpcFixture.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.Payloads;
import looklook.pkg.jobq.JobClient;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.HomestayOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CreateHomestayOrderIT {
    private static OrderRpcFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = OrderRpcFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    private long orders() {
        return f.count("SELECT COUNT(*) FROM homestay_order");
    }

    private long outboxRows() {
        return f.count("SELECT COUNT(*) FROM outbox");
    }

    @Test
    void create_withoutFood_pricesNightsTimesPriceAndSnapshotsTheHome() {
        long user = newUserId();
        // times of day inside the dates: check-in tomorrow 15:00, check-out 12:00 three days later
        String sn = f.rpc.createHomestayOrder(req(user, 1, day(1) + 15 * 3600, day(4) + 12 * 3600, 2)
                .setRemark("  late arrival  ").build()).getSn();

        HomestayOrder o = f.detail(sn);
        assertThat(o.getHomestayTotalPrice()).isEqualTo(3 * 32800L);
        assertThat(o.getFoodTotalPrice()).isZero();
        assertThat(o.getOrderTotalPrice()).isEqualTo(3 * 32800L);
        assertThat(o.getNeedFood()).isZero();
        assertThat(o.getLiveStartDate()).isEqualTo(day(1));
        assertThat(o.getLiveEndDate()).isEqualTo(day(4));
        assertThat(o.getUserId()).isEqualTo(user);
        assertThat(o.getHomestayId()).isEqualTo(1);
        assertThat(o.getTitle()).isEqualTo("Lakeside Courtyard");
        assertThat(o.getCover()).isEqualTo("https://img.looklook.dev/homestay/1/courtyard.jpg");
        assertThat(o.getHomestayPrice()).isEqualTo(32800);
        assertThat(o.getMarketHomestayPrice()).isEqualTo(39800);
        assertThat(o.getFoodPrice()).isEqualTo(3800);
        assertThat(o.getPeopleNum()).isEqualTo(4);
        assertThat(o.getLivePeopleNum()).isEqualTo(2);
        assertThat(o.getHomestayBusinessId()).isEqualTo(1);
        assertThat(o.getHomestayUserId()).isEqualTo(1);
        assertThat(o.getTradeState()).isZero();
        assertThat(o.getTradeCode()).matches("[A-Z0-9]{8}");
        assertThat(o.getRemark()).isEqualTo("late arrival");
        assertThat(o.getCreateTime()).isPositive();
    }

    @Test
    void create_withFood_addsFoodPriceTimesPeopleTimesNights() {
        String sn = f.rpc.createHomestayOrder(req(newUserId(), 2, day(5), day(7), 5).setIsFood(true).build()).getSn();
        HomestayOrder o = f.detail(sn);
        assertThat(o.getHomestayTotalPrice()).isEqualTo(2 * 45800L);
        assertThat(o.getFoodTotalPrice()).isEqualTo(6800L * 5 * 2);
        assertThat(o.getOrderTotalPrice()).isEqualTo(2 * 45800L + 6800L * 5 * 2);
        assertThat(o.getNeedFood()).isEqualTo(1);
    }

    @Test
    void create_acceptsTheBoundaries_todayThirtyNightsFullHouse() {
        HomestayOrder o = f.detail(f.rpc.createHomestayOrder(req(newUserId(), 4, day(0), day(30), 8).build()).getSn());
        assertThat(o.getLiveStartDate()).isEqualTo(day(0));
        assertThat(o.getHomestayTotalPrice()).isEqualTo(30 * 88800L);
        // the last minute of today still counts as today
        assertThat(f.rpc.createHomestayOrder(req(newUserId(), 3, day(1) - 60, day(1), 1).build()).getSn()).startsWith("HSO");
        assertThat(f.rpc.createHomestayOrder(req(newUserId(), 3, day(365), day(366), 1).build()).getSn()).startsWith("HSO");
    }

    @Test
    void create_badInput_is100002NamingTheValue_andStoresNothing() {
        long before = orders();
        long outboxBefore = outboxRows();
        long u = newUserId();
        Map<CreateHomestayOrderReq, String> cases = Map.ofEntries(
                Map.entry(req(0, 1, day(1), day(2), 1).build(), "userId: 0 (expected > 0)"),
                Map.entry(req(-5, 1, day(1), day(2), 1).build(), "userId: -5 (expected > 0)"),
                Map.entry(req(u, 0, day(1), day(2), 1).build(), "homestayId: 0 (expected > 0)"),
                Map.entry(req(u, 1, day(-1), day(2), 1).build(),
                        "liveStartTime: " + day(-1) + " (expected >= " + day(0) + ": check-in today 2031-03-10 or later, Asia/Shanghai)"),
                Map.entry(req(u, 1, day(0) - 1, day(2), 1).build(), "liveStartTime: " + (day(0) - 1)),
                Map.entry(req(u, 1, Long.MIN_VALUE, day(2), 1).build(), "liveStartTime: " + Long.MIN_VALUE),
                Map.entry(req(u, 1, day(366), day(367), 1).build(), "check-in at most 365 days ahead"),
                Map.entry(req(u, 1, Long.MAX_VALUE, Long.MAX_VALUE, 1).build(), "liveStartTime: " + Long.MAX_VALUE),
                Map.entry(req(u, 1, day(1), day(1) + 23 * 3600, 1).build(),
                        "liveEndTime: " + (day(1) + 23 * 3600) + " (expected >= " + day(2) + ": at least one night after liveStartTime " + day(1) + ")"),
                Map.entry(req(u, 1, day(3), day(1), 1).build(), "liveEndTime: " + day(1)),
                Map.entry(req(u, 1, day(1), day(32), 1).build(), "at most 30 nights"),
                Map.entry(req(u, 1, day(1), Long.MAX_VALUE, 1).build(), "liveEndTime: " + Long.MAX_VALUE),
                Map.entry(req(u, 1, day(1), day(2), 0).build(), "livePeopleNum: 0 (expected 1..4, the capacity of homestay 1)"),
                Map.entry(req(u, 1, day(1), day(2), -1).build(), "livePeopleNum: -1"),
                Map.entry(req(u, 1, day(1), day(2), 5).build(), "livePeopleNum: 5 (expected 1..4, the capacity of homestay 1)"),
                Map.entry(req(u, 1, day(1), day(2), Long.MAX_VALUE).build(), "livePeopleNum: " + Long.MAX_VALUE),
                Map.entry(req(u, 1, day(1), day(2), 1).setRemark("长".repeat(201)).build(), "remark: 201 characters (expected at most 200)"));
        for (Map.Entry<CreateHomestayOrderReq, String> c : cases.entrySet()) {
            BizException e = bizError(() -> f.rpc.createHomestayOrder(c.getKey()));
            assertThat(e.code()).as(c.getValue()).isEqualTo(ErrorCode.REQUEST_PARAM_ERROR.code());
            assertThat(e.userMessage()).contains(c.getValue());
        }
        assertThat(orders()).isEqualTo(before);
        assertThat(outboxRows()).isEqualTo(outboxBefore);
    }

    @Test
    void create_unknownOrOffSaleHome_isRefusedAndStoresNothing() {
        long before = orders();
        BizException unknown = bizError(() -> f.rpc.createHomestayOrder(req(newUserId(), 999, day(1), day(2), 1).build()));
        assertThat(unknown.code()).isEqualTo(ErrorCode.HOMESTAY_NOT_FOUND.code());
        assertThat(unknown.userMessage()).isEqualTo("homestay 999 not found");
        BizException offSale = bizError(() -> f.rpc.createHomestayOrder(req(newUserId(), 5, day(1), day(2), 1).build()));
        assertThat(offSale.code()).isEqualTo(ErrorCode.HOMESTAY_NOT_ON_SALE.code());
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void create_writesTheCloseJobInTheOutboxWithTheOrder() {
        String sn = f.create(newUserId());
        Map<String, Object> row = f.svc.jdbi().withHandle(h -> h.createQuery(
                        "SELECT event_id, sink, destination, msg_key, payload, available_at, sent_at FROM outbox WHERE msg_key = ?")
                .bind(0, "homestay_order:close:" + sn).mapToMap().one());
        assertThat(row.get("sink")).isEqualTo("job");
        assertThat(row.get("destination")).isEqualTo("defer:homestay_order:close");
        assertThat(row.get("payload")).isEqualTo("{\"sn\":\"" + sn + "\"}");
        assertThat(row.get("available_at")) // epoch ms
                .isEqualTo(OrderRpcFixture.NOW.plusSeconds(OrderRpcFixture.CLOSE_DELAY_SECONDS).toEpochMilli());
        assertThat(row.get("sent_at")).isNull();
        assertThat((String) row.get("event_id")).isNotBlank();
    }

    @Test
    void closeJob_reachesTheJobQueueThroughTheRelay_scheduledAtTheCloseTime() {
        String sn = f.create(newUserId());
        f.svc.outboxRelay().relayOnce(); // handed to it at the commit (the fixture runs no relay loop)

        JobClient jobs = new JobClient(f.svc.redis(), OrderRpcFixture.JOB_NAMESPACE);
        Map<String, String> task = jobs.info("homestay_order:close:" + sn).orElseThrow();
        assertThat(task.get("type")).isEqualTo("defer:homestay_order:close");
        assertThat(task.get("state")).isEqualTo("scheduled");
        assertThat(Long.parseLong(task.get("process_at")))
                .isEqualTo(OrderRpcFixture.NOW.plusSeconds(OrderRpcFixture.CLOSE_DELAY_SECONDS).toEpochMilli());
        assertThat(Payloads.read(task.get("payload"), CloseHomestayOrderJob.class).sn()).isEqualTo(sn);
        Object sentAt = f.svc.jdbi().withHandle(h -> h.createQuery("SELECT sent_at FROM outbox WHERE msg_key = ?")
                .bind(0, "homestay_order:close:" + sn).mapToMap().one().get("sent_at"));
        assertThat(sentAt).isNotNull();
    }

    @Test
    void create_whenTheOutboxInsertFails_theOrderIsRolledBack() {
        long user = newUserId();
        f.exec("RENAME TABLE outbox TO outbox_away");
        try {
            BizException e = bizError(() -> f.create(user));
            assertThat(e.code()).isEqualTo(ErrorCode.DB_ERROR.code());
            assertThat(e.userMessage()).isEqualTo(ErrorCode.DB_ERROR.message());
        } finally {
            f.exec("RENAME TABLE outbox_away TO outbox");
        }
        assertThat(f.count("SELECT COUNT(*) FROM homestay_order WHERE user_id = ?", user)).isZero();
        // and the service works again once the table is back
        assertThat(f.detail(f.create(user)).getUserId()).isEqualTo(user);
    }

    @Test
    void create_whenTheOrderInsertFails_noCloseJobIsWritten() {
        long outboxBefore = outboxRows();
        f.exec("RENAME TABLE homestay_order TO homestay_order_away");
        try {
            assertThat(bizError(() -> f.create(newUserId())).code()).isEqualTo(ErrorCode.DB_ERROR.code());
        } finally {
            f.exec("RENAME TABLE homestay_order_away TO homestay_order");
        }
        assertThat(outboxRows()).isEqualTo(outboxBefore);
    }

    @Test
    void create_concurrently_givesUniqueWellFormedSnsAndCodes() throws Exception {
        long user = newUserId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(pool.submit(() -> f.create(user)));
        }
        Set<String> sns = new HashSet<>();
        for (Future<String> fu : futures) {
            sns.add(fu.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(sns).hasSize(40).allSatisfy(sn -> assertThat(sn).matches("HSO\\d{22}")
                // yyyyMMddHHmmss, then the 3-digit worker id, then the sequence
                .satisfies(s -> assertThat(s.substring(17, 20)).isEqualTo("007")));
        assertThat(f.count("SELECT COUNT(DISTINCT trade_code) FROM homestay_order WHERE user_id = ?", user)).isEqualTo(40);
        assertThat(f.count("SELECT COUNT(*) FROM outbox WHERE msg_key IN (SELECT CONCAT('homestay_order:close:', sn) "
                + "FROM homestay_order WHERE user_id = ?)", user)).isEqualTo(40);
    }
}
