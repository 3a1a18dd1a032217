package looklook.order.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import looklook.order.api.config.OrderApiConfig;
import looklook.order.api.handler.Routes;
import looklook.order.api.svc.ServiceContext;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.rest.RestServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.order.orderGrpc;
import io.grpc.ManagedChannel;
import looklook.pkg.testing.TestInfra;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * order-api in this JVM in front of the real order-rpc process (its jar and committed config),
 * the two finding each other through the real etcd.
 */
class OrderApiIT {
    private static final String SECRET = TestInfra.jwtSecret();
    private static final String KEY = TestInfra.unique("order.rpc");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    @TempDir
    static Path tmp;
    private static MysqlDsn dsn;
    private static MeshProcess rpc;
    private static ServiceContext apiSvc;
    private static RestServer api;
    /** order-rpc as order-mq calls it: the only caller (with the close job and payment-rpc) that may move an order's state. */
    private static ManagedChannel orderMq;

    @BeforeAll
    static void start() throws Exception {
        dsn = TestInfra.freshDatabase("looklook_order");
        int port = MeshProcess.freePort();
        int dev = MeshProcess.freePort();
        String yaml = MeshProcess.etc("order-rpc", Map.of(
                "127.0.0.1:2001", "127.0.0.1:" + port,
                "Port: 4004", "Port: " + dev,
                "Key: order.rpc", "Key: " + KEY,
                "/looklook_order?", "/" + dsn.database() + "?"))
                + "JobNamespace: \"test:{" + TestInfra.unique("order-api") + "}\"\n"; // not the mesh's queue
        rpc = MeshProcess.start("order-rpc", yaml, new HashMap<>(TestInfra.env()), dev, tmp);
        apiSvc = new ServiceContext(new OrderApiConfig("order-api", "127.0.0.1", 0, null, null, null, null, new DevServerConf("127.0.0.1", 0),
                JwtAuthConf.of(SECRET, 3600L), TestInfra.redisConf(),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), KEY), "order-api"), null));
        api = Routes.register(new RestServer(apiSvc.config().rest(), apiSvc.metrics()), apiSvc).start();
        orderMq = RpcClients.channel(TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), KEY), "order-mq"), apiSvc.metrics());
        // the first call resolves through etcd and connects; on a loaded machine that can outlast a
        // call's deadline, so no test should be the one to pay for it
        await().atMost(Duration.ofSeconds(20)).until(() -> post("homestay/homestayList", "{\"pageSize\":1}", null).status() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        orderMq.shutdownNow().awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        api.close();
        apiSvc.close();
        rpc.close();
        DataSources.dropDatabase(dsn);
    }

    private static String tokenOf(long userId) {
        return apiSvc.tokens().issue(userId, "order-api-test-session-" + userId).accessToken();
    }

    private static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L);
    }

    /** Midnight in Asia/Shanghai {@code days} from today; tomorrow onwards is never "the past" during a run. */
    private static long day(int days) {
        return LocalDate.now(SHANGHAI).plusDays(days).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    private static Http.Reply post(String path, String json, String token) throws Exception {
        return Http.post(api.port(), "/order/v1/" + path, json, token);
    }

    private static String createBody(long homestayId, long start, long end, long people, boolean food) {
        return "{\"homestayId\":" + homestayId + ",\"isFood\":" + food + ",\"liveStartTime\":" + start
                + ",\"liveEndTime\":" + end + ",\"livePeopleNum\":" + people + ",\"remark\":\"quiet room please\"}";
    }

    private static String create(String token) throws Exception {
        Http.Reply r = post("homestayOrder/createHomestayOrder", createBody(1, day(1), day(3), 2, true), token);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.data().path("orderSn").asText();
    }

    private static List<String> listSns(String token, String body) throws Exception {
        Http.Reply r = post("homestayOrder/userHomestayOrderList", body, token);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        List<String> sns = new ArrayList<>();
        r.data().path("list").forEach(o -> sns.add(o.path("sn").asText()));
        return sns;
    }

    @Test
    void createThenDetailThenList_worksOverHttpWithPricesInFen() throws Exception {
        long user = newUserId();
        String token = tokenOf(user);
        String sn = create(token);
        assertThat(sn).matches("HSO\\d{22}");

        Http.Reply detail = post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"" + sn + "\"}", token);
        assertThat(detail.status()).isEqualTo(200);
        JsonNode d = detail.data();
        assertThat(d.path("userId").asLong()).isEqualTo(user);
        assertThat(d.path("title").asText()).isEqualTo("Lakeside Courtyard");
        assertThat(d.path("liveStartDate").asLong()).isEqualTo(day(1));
        assertThat(d.path("liveEndDate").asLong()).isEqualTo(day(3));
        assertThat(d.path("homestayTotalPrice").isIntegralNumber()).isTrue();
        assertThat(d.path("homestayTotalPrice").asLong()).isEqualTo(2 * 32800L);
        assertThat(d.path("foodTotalPrice").asLong()).isEqualTo(3800L * 2 * 2);
        assertThat(d.path("orderTotalPrice").asLong()).isEqualTo(2 * 32800L + 3800L * 2 * 2);
        assertThat(d.path("needFood").asLong()).isEqualTo(1);
        assertThat(d.path("tradeState").asLong()).isZero();
        assertThat(d.path("tradeCode").asText()).matches("[A-Z0-9]{8}");
        assertThat(d.path("remark").asText()).isEqualTo("quiet room please");

        String second = create(token);
        Http.Reply list = post("homestayOrder/userHomestayOrderList", "{\"pageSize\":1}", token);
        JsonNode newest = list.data().path("list").get(0);
        assertThat(newest.path("sn").asText()).isEqualTo(second);
        assertThat(newest.path("orderTotalPrice").asLong()).isEqualTo(d.path("orderTotalPrice").asLong());
        assertThat(listSns(token, "{\"pageSize\":1,\"lastId\":" + newest.path("id").asLong() + "}")).containsExactly(sn);
        assertThat(listSns(token, "{\"pageSize\":10,\"tradeState\":-99}")).containsExactly(second, sn);
        assertThat(listSns(token, "{\"pageSize\":10,\"tradeState\":0}")).containsExactly(second, sn);
        assertThat(listSns(token, "{\"pageSize\":10,\"tradeState\":1}")).isEmpty();
    }

    @Test
    void anotherUsersOrder_answersExactlyAsAMissingOne() throws Exception {
        String owner = tokenOf(newUserId());
        String stranger = tokenOf(newUserId());
        String sn = create(owner);

        Http.Reply foreign = post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"" + sn + "\"}", stranger);
        Http.Reply missing = post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"HSO" + "0".repeat(22) + "\"}", stranger);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.code()).isEqualTo(120003);
        assertThat(foreign.body()).isEqualTo(missing.body());
        assertThat(foreign.body().toString()).doesNotContain(sn);
        assertThat(listSns(stranger, "{\"pageSize\":100}")).isEmpty();
        assertThat(listSns(owner, "{\"pageSize\":100}")).containsExactly(sn);
    }

    @Test
    void badInput_is400With100002NamingTheFieldAndStoresNothing() throws Exception {
        long user = newUserId();
        String token = tokenOf(user);
        long s = day(1);
        long e = day(2);
        List<String[]> cases = List.of(
                new String[] {"{\"homestayId\":1,", "not valid JSON"},
                new String[] {"[]", "expected a JSON object"},
                new String[] {"", "missing required field homestayId"},
                new String[] {"{\"homestayId\":1,\"liveStartTime\":" + s + ",\"liveEndTime\":" + e + "}",
                        "missing required field livePeopleNum"},
                new String[] {createBody(1, s, e, -2, false), "livePeopleNum: -2"},
                new String[] {createBody(1, s, e, 99, false), "livePeopleNum: 99 (expected 1..4"},
                new String[] {createBody(-1, s, e, 1, false), "homestayId: -1"},
                new String[] {createBody(1, s, s, 1, false), "liveEndTime"},
                new String[] {createBody(1, day(-2), e, 1, false), "liveStartTime"},
                new String[] {createBody(1, Long.MAX_VALUE, Long.MAX_VALUE, 1, false), "liveStartTime"},
                new String[] {"{\"homestayId\":1,\"liveStartTime\":" + s + ",\"liveEndTime\":" + e
                        + ",\"livePeopleNum\":99999999999999999999999}", "livePeopleNum"},
                new String[] {"{\"homestayId\":\"1\",\"liveStartTime\":" + s + ",\"liveEndTime\":" + e
                        + ",\"livePeopleNum\":1}", "field homestayId"},
                new String[] {"{\"homestayId\":1.5,\"liveStartTime\":" + s + ",\"liveEndTime\":" + e
                        + ",\"livePeopleNum\":1}", "field homestayId"},
                new String[] {"{\"homestayId\":1,\"isFood\":\"yes\",\"liveStartTime\":" + s + ",\"liveEndTime\":" + e
                        + ",\"livePeopleNum\":1}", "field isFood"},
                new String[] {"{\"homestayId\":1,\"liveStartTime\":" + s + ",\"liveEndTime\":" + e
                        + ",\"livePeopleNum\":1,\"remark\":7}", "field remark"});
        for (String[] c : cases) {
            Http.Reply r = post("homestayOrder/createHomestayOrder", c[0], token);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.code()).as(c[0]).isEqualTo(100002);
            assertThat(r.msg()).as(c[0]).contains(c[1]);
        }
        assertThat(post("homestayOrder/userHomestayOrderList", "{\"pageSize\":0}", token).code()).isEqualTo(100002);
        assertThat(post("homestayOrder/userHomestayOrderList", "{\"pageSize\":10,\"tradeState\":12}", token).msg())
                .contains("traderState: 12");
        assertThat(post("homestayOrder/userHomestayOrderList", "{}", token).msg()).isEqualTo("missing required field pageSize");
        assertThat(post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"nope\"}", token).code()).isEqualTo(100002);
        assertThat(listSns(token, "{\"pageSize\":100}")).isEmpty();
    }

    @Test
    void orderRoutes_needAToken_catalogRoutesDoNot() throws Exception {
        for (String path : List.of("homestayOrder/createHomestayOrder", "homestayOrder/userHomestayOrderList",
                "homestayOrder/userHomestayOrderDetail")) {
            Http.Reply r = post(path, "{}", null);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.code()).isEqualTo(100003);
            assertThat(post(path, "{}", "not-a-token").status()).isEqualTo(401);
        }
        assertThat(post("homestay/homestayList", "{\"pageSize\":10}", null).status()).isEqualTo(200);
        assertThat(post("homestay/homestayDetail", "{\"id\":1}", null).status()).isEqualTo(200);
    }

    @Test
    void homestayListAndDetail_showTheCatalogWithPricesInFen() throws Exception {
        Http.Reply list = post("homestay/homestayList", "{\"pageSize\":10}", null);
        List<Long> ids = new ArrayList<>();
        list.data().path("list").forEach(h -> ids.add(h.path("id").asLong()));
        assertThat(ids).containsExactly(4L, 3L, 2L, 1L);
        Http.Reply next = post("homestay/homestayList", "{\"pageSize\":10,\"lastId\":3}", null);
        assertThat(next.data().path("list")).hasSize(2);

        JsonNode h = post("homestay/homestayDetail", "{\"id\":4}", null).data().path("homestay");
        assertThat(h.path("title").asText()).isEqualTo("Seaside Family Villa");
        assertThat(h.path("homestayPrice").isIntegralNumber()).isTrue();
        assertThat(h.path("homestayPrice").asLong()).isEqualTo(88800);
        assertThat(h.path("marketHomestayPrice").asLong()).isEqualTo(99800);
        assertThat(h.path("foodPrice").asLong()).isEqualTo(5800);
        assertThat(h.path("peopleNum").asLong()).isEqualTo(8);
        assertThat(h.path("userId").asLong()).isEqualTo(3);

        Http.Reply unknown = post("homestay/homestayDetail", "{\"id\":404}", null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo(120001);
        assertThat(post("homestay/homestayDetail", "{}", null).msg()).isEqualTo("missing required field id");
    }

    // ---- check-in ----------------------------------------------------------------------------

    /** Home 1 of the seeded catalog belongs to user 1 (order-rpc's V1 migration): its landlord, signed in here. */
    private static final long HOME_1_LANDLORD = 1;

    /** A guest's order of home 1 checking in today, paid (order-mq's move on the pay event). */
    private static String paidOrderCheckingInToday(String guestToken) throws Exception {
        Http.Reply r = post("homestayOrder/createHomestayOrder", createBody(1, day(0), day(2), 2, false), guestToken);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        String sn = r.data().path("orderSn").asText();
        orderGrpc.newBlockingStub(orderMq).updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(sn).setTradeState(1).build());
        return sn;
    }

    private static String codeOf(String sn, String guestToken) throws Exception {
        return post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"" + sn + "\"}", guestToken).data().path("tradeCode").asText();
    }

    private static Http.Reply checkIn(String sn, String code, String token) throws Exception {
        return post("homestayOrder/checkIn", "{\"sn\":\"" + sn + "\",\"tradeCode\":\"" + code + "\"}", token);
    }

    @Test
    void checkIn_byTheLandlordWithTheCode_marksTheOrderUsed_andTheGuestSeesIt() throws Exception {
        String guest = tokenOf(newUserId());
        String sn = paidOrderCheckingInToday(guest);
        Http.Reply r = checkIn(sn, codeOf(sn, guest), tokenOf(HOME_1_LANDLORD));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.data().path("sn").asText()).isEqualTo(sn);
        assertThat(r.data().path("tradeState").asLong()).isEqualTo(2);
        assertThat(r.data().path("liveStartDate").asLong()).isEqualTo(day(0));
        assertThat(post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"" + sn + "\"}", guest).data().path("tradeState").asLong())
                .isEqualTo(2);
    }

    @Test
    void checkIn_byTheGuestOrAStranger_answersExactlyAsAMissingOrder() throws Exception {
        String guest = tokenOf(newUserId());
        String sn = paidOrderCheckingInToday(guest);
        String code = codeOf(sn, guest);
        Http.Reply missing = checkIn("HSO" + "0".repeat(22), code, tokenOf(HOME_1_LANDLORD));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo(120003);
        // the guest, a stranger, and the landlord of other homes (user 2)
        for (String caller : List.of(guest, tokenOf(newUserId()), tokenOf(2))) {
            Http.Reply r = checkIn(sn, code, caller);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).isEqualTo(missing.body());
        }
        assertThat(post("homestayOrder/userHomestayOrderDetail", "{\"sn\":\"" + sn + "\"}", guest).data().path("tradeState").asLong())
                .isEqualTo(1);
    }

    @Test
    void checkIn_withAWrongCodeOrOfAnUnpaidOrder_isAClearError() throws Exception {
        String guest = tokenOf(newUserId());
        String landlord = tokenOf(HOME_1_LANDLORD);
        String sn = paidOrderCheckingInToday(guest);
        String code = codeOf(sn, guest);
        String wrong = (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1);
        Http.Reply w = checkIn(sn, wrong, landlord);
        assertThat(w.status()).isEqualTo(400);
        assertThat(w.code()).isEqualTo(120006);
        assertThat(w.msg()).isEqualTo("tradeCode: " + wrong + " is not the check-in code of order " + sn);

        Http.Reply unpaid = post("homestayOrder/createHomestayOrder", createBody(1, day(0), day(1), 1, false), guest);
        String unpaidSn = unpaid.data().path("orderSn").asText();
        Http.Reply u = checkIn(unpaidSn, codeOf(unpaidSn, guest), landlord);
        assertThat(u.code()).isEqualTo(120007);
        assertThat(u.msg()).isEqualTo("order " + unpaidSn + " has trade state 0 (wait pay) (expected 1 (paid) to check in)");

        assertThat(checkIn(sn, code, landlord).status()).isEqualTo(200);
        Http.Reply again = checkIn(sn, code, landlord);
        assertThat(again.code()).as("a second check-in").isEqualTo(120007);
        assertThat(again.msg()).contains("trade state 2 (used)");

        assertThat(post("homestayOrder/checkIn", "{\"sn\":\"" + sn + "\"}", landlord).msg()).isEqualTo("missing required field tradeCode");
        assertThat(checkIn(sn, code, null).status()).isEqualTo(401);
    }
}
