package looklook.mqueue.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import looklook.mqueue.job.config.MqueueJobConfig;
import looklook.mqueue.job.config.SchedulerConf;
import looklook.mqueue.job.config.WxMiniMsgConf;
import looklook.mqueue.job.logic.CloseHomestayOrderHandler;
import looklook.mqueue.job.logic.PaySuccessNotifyUserHandler;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.events.CloseHomestayOrderJob;
import looklook.pkg.events.JobQueues;
import looklook.pkg.events.NotifyUserPaySuccessJob;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.SkipRetryException;
import looklook.pkg.jobq.Task;
import looklook.pkg.jobq.TaskSpec;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TopicTail;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.payment.SettleOrderPaymentsResp;
import looklook.proto.usercenter.GetUserAuthByAuthKeyReq;
import looklook.proto.usercenter.RegisterReq;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mqueue-job as it runs (worker, scheduler, dev server) against the real order-rpc and
 * usercenter-rpc jars, Redis and Kafka; payment-rpc's settle RPCs are a {@link FakePayment}.
 */
class MqueueJobIT {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String ORDER_KEY = TestInfra.unique("order.rpc");
    private static final String USER_KEY = TestInfra.unique("usercenter.rpc");
    private static final String NAMESPACE = "test:{" + TestInfra.unique("mqueue-job") + "}";
    private static final String ORDER_RPC_NAMESPACE = "test:{" + TestInfra.unique("order-rpc") + "}";
    private static final String TOPIC = TestInfra.unique("send-wx-mini-tpl-message");
    @TempDir
    static Path tmp;
    private static MysqlDsn orderDb;
    private static MysqlDsn userDb;
    private static MeshProcess orderRpc;
    private static MeshProcess userRpc;
    private static final FakePayment payment = new FakePayment();
    private static Server paymentServer;
    private static MqueueJobConfig config;
    private static ServiceContext svc;
    private static AutoCloseable job;
    private static TopicTail tail;

    @BeforeAll
    static void start() throws Exception {
        orderDb = TestInfra.freshDatabase("looklook_order");
        userDb = TestInfra.freshDatabase("looklook_usercenter");
        CompletableFuture<MeshProcess> o = CompletableFuture.supplyAsync(() -> startOrderRpc());
        CompletableFuture<MeshProcess> u = CompletableFuture.supplyAsync(() -> startUsercenterRpc());
        orderRpc = o.join();
        userRpc = u.join();
        HealthStatusManager health = new HealthStatusManager();
        paymentServer = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(payment).addService(health.getHealthService()).build().start();
        tail = new TopicTail(TOPIC); // creates the topic before anything is published to it
        config = new MqueueJobConfig("mqueue-job", new DevServerConf("127.0.0.1", MeshProcess.freePort()),
                TestInfra.redisConf(), NAMESPACE, 4, new KafkaConf(List.of(TestInfra.kafkaBootstrap())),
                TOPIC, TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), ORDER_KEY), "mqueue-job"),
                RpcClientConf.direct(List.of("127.0.0.1:" + paymentServer.getPort())),
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), USER_KEY), "mqueue-job"),
                new WxMiniMsgConf("T-PAID", "T-CHECKIN", "pages/order/detail"),
                new SchedulerConf(2L, 1L, 120L, 100L, 3600L, null, null, null, null, null));
        job = MqueueJobMain.start(config);
        svc = new ServiceContext(config);
    }

    private static MeshProcess startOrderRpc() {
        try {
            int dev = MeshProcess.freePort();
            String yaml = MeshProcess.etc("order-rpc", Map.of(
                    "127.0.0.1:2001", "127.0.0.1:" + MeshProcess.freePort(),
                    "Port: 4004", "Port: " + dev,
                    "Key: order.rpc", "Key: " + ORDER_KEY,
                    "/looklook_order?", "/" + orderDb.database() + "?",
                    // a cold server on a shared 2-core machine may need more than the default for its first calls
                    "Timeout: 2000", "Timeout: 10000"))
                    // its own jobs (close jobs due in 30 min, notify jobs) stay out of the queue this test's worker reads
                    + "JobNamespace: \"" + ORDER_RPC_NAMESPACE + "\"\n";
            return MeshProcess.start("order-rpc", yaml, new HashMap<>(TestInfra.env()), dev, tmp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static MeshProcess startUsercenterRpc() {
        try {
            int dev = MeshProcess.freePort();
            String yaml = MeshProcess.etc("usercenter-rpc", Map.of(
                    "127.0.0.1:2004", "127.0.0.1:" + MeshProcess.freePort(),
                    "Port: 4002", "Port: " + dev,
                    "Key: usercenter.rpc", "Key: " + USER_KEY,
                    "/looklook_usercenter?", "/" + userDb.database() + "?",
                    "PasswordCost: 10", "PasswordCost: 4",
                    "Timeout: 2000", "Timeout: 10000"));
            Map<String, String> env = new HashMap<>(TestInfra.env());
            env.put("LOOKLOOK_JWT_SECRET", TestInfra.jwtSecret());
            return MeshProcess.start("usercenter-rpc", yaml, env, dev, tmp);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.close();
        }
        if (svc != null) {
            svc.close();
        }
        if (tail != null) {
            tail.close();
        }
        if (paymentServer != null) {
            paymentServer.shutdownNow();
        }
        for (MeshProcess p : new MeshProcess[] {orderRpc, userRpc}) {
            if (p != null) {
                p.close();
            }
        }
        DataSources.dropDatabase(orderDb);
        DataSources.dropDatabase(userDb);
    }

    // ---- fixtures -------------------------------------------------------------------------

    private static long day(int days) {
        return LocalDate.now(SHANGHAI).plusDays(days).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    /** A registered mini-program user: {userId, openid}. */
    private static Object[] wxUser() {
        String openid = TestInfra.unique("o");
        String mobile = "13" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        // a fixture, not the path under test: room for a cold JVM and the password hash
        var users = svc.usercenterRpc().withDeadlineAfter(10, TimeUnit.SECONDS);
        users.register(RegisterReq.newBuilder().setMobile(mobile).setAuthKey(openid).setAuthType("wxMini").build());
        long userId = users.getUserAuthByAuthKey(GetUserAuthByAuthKeyReq.newBuilder()
                .setAuthType("wxMini").setAuthKey(openid).build()).getUserAuth().getUserId();
        return new Object[] {userId, openid};
    }

    private static String order(long userId) {
        return svc.orderRpc().withDeadlineAfter(10, TimeUnit.SECONDS).createHomestayOrder(CreateHomestayOrderReq.newBuilder().setHomestayId(1).setUserId(userId)
                .setLiveStartTime(day(1)).setLiveEndTime(day(3)).setLivePeopleNum(2).setIsFood(false).build()).getSn();
    }

    private static void move(String sn, long state) {
        svc.orderRpc().updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(sn).setTradeState(state).build());
    }

    private static long state(String sn) {
        return svc.orderRpc().homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn(sn).build()).getHomestayOrder().getTradeState();
    }

    private static Task closeTask(String sn) {
        CloseHomestayOrderJob j = new CloseHomestayOrderJob(sn);
        return new Task(j.taskId(), CloseHomestayOrderJob.TYPE, Payloads.write(j), 0, 25, Instant.now());
    }

    private static Task notifyTask(String sn) {
        NotifyUserPaySuccessJob j = new NotifyUserPaySuccessJob(sn);
        return new Task(j.taskId(), NotifyUserPaySuccessJob.TYPE, Payloads.write(j), 0, 25, Instant.now());
    }

    /** What was published for {@code sn} within {@code wait}: the handler returned, so its sends were acknowledged. */
    private static List<WxMiniTplMessage> published(String sn, Duration wait) {
        return tail.read(r -> r.value().contains(sn), Integer.MAX_VALUE, wait).stream()
                .map(ConsumerRecord::value).map(v -> Payloads.read(v, WxMiniTplMessage.class)).toList();
    }

    // ---- notify user ----------------------------------------------------------------------

    @Test
    void notifyUser_publishesTheTwoMessagesKeyedByOpenid_andARetryRepeatsTheSameIds() throws Exception {
        Object[] user = wxUser();
        long userId = (Long) user[0];
        String openid = (String) user[1];
        String sn = order(userId);
        move(sn, 1);
        var detail = svc.orderRpc().homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn(sn).build()).getHomestayOrder();

        // through the queue, on the queue order-rpc's outbox puts it on; then once more, as a retry after a lost ack would
        NotifyUserPaySuccessJob j = new NotifyUserPaySuccessJob(sn);
        assertThat(new JobClient(svc.redis(), NAMESPACE).enqueue(TaskSpec.of(NotifyUserPaySuccessJob.TYPE, j.taskId(), Payloads.write(j))
                .onQueue(JobQueues.of(NotifyUserPaySuccessJob.TYPE)))).isTrue();
        List<ConsumerRecord<String, String>> first = tail.read(r -> r.value().contains(sn), 2, Duration.ofSeconds(15));
        new PaySuccessNotifyUserHandler(svc).handle(notifyTask(sn));
        List<ConsumerRecord<String, String>> second = tail.read(r -> r.value().contains(sn), 2, Duration.ofSeconds(10));

        assertThat(first).hasSize(2);
        assertThat(second).hasSize(2);
        assertThat(first).allSatisfy(r -> assertThat(r.key()).isEqualTo(openid));
        List<WxMiniTplMessage> ms = first.stream().map(r -> Payloads.read(r.value(), WxMiniTplMessage.class)).toList();
        List<WxMiniTplMessage> again = second.stream().map(r -> Payloads.read(r.value(), WxMiniTplMessage.class)).toList();
        assertThat(ms).extracting(WxMiniTplMessage::messageId).containsExactlyInAnyOrder(sn + ":paid", sn + ":checkin");
        assertThat(again).extracting(WxMiniTplMessage::messageId).containsExactlyInAnyOrder(sn + ":paid", sn + ":checkin");

        WxMiniTplMessage paid = ms.stream().filter(m -> m.messageId().endsWith(":paid")).findFirst().orElseThrow();
        String start = LocalDate.now(SHANGHAI).plusDays(1).toString();
        String end = LocalDate.now(SHANGHAI).plusDays(3).toString();
        assertThat(paid.openid()).isEqualTo(openid);
        assertThat(paid.orderSn()).isEqualTo(sn);
        assertThat(paid.templateId()).isEqualTo("T-PAID");
        assertThat(paid.page()).isEqualTo("pages/order/detail?sn=" + sn);
        long fen = detail.getOrderTotalPrice();
        assertThat(paid.data()).containsEntry("character_string6", sn).containsEntry("thing1", detail.getTitle())
                .containsEntry("amount2", (fen / 100) + "." + String.format("%02d", fen % 100))
                .containsEntry("date4", start).containsEntry("date5", end);
        WxMiniTplMessage checkIn = ms.stream().filter(m -> m.messageId().endsWith(":checkin")).findFirst().orElseThrow();
        assertThat(checkIn.templateId()).isEqualTo("T-CHECKIN");
        assertThat(checkIn.data()).containsEntry("date2", start).containsEntry("date3", end)
                .containsEntry("character_string4", detail.getTradeCode());
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "completed".equals(new JobClient(svc.redis(), NAMESPACE).info(j.taskId()).orElseThrow().get("state")));
    }

    @Test
    void notifyUser_ofAnOrderNotPaid_publishesNothing() throws Exception {
        String sn = order((Long) wxUser()[0]);
        new PaySuccessNotifyUserHandler(svc).handle(notifyTask(sn));
        assertThat(published(sn, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void notifyUser_ofAUserWithoutWxMiniAuth_isArchivedWithTheReason() {
        long userId = ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L);
        String sn = order(userId);
        move(sn, 1);
        assertThatThrownBy(() -> new PaySuccessNotifyUserHandler(svc).handle(notifyTask(sn)))
                .isInstanceOf(SkipRetryException.class).hasMessageContaining("no wxMini auth");
        assertThatThrownBy(() -> new PaySuccessNotifyUserHandler(svc).handle(notifyTask("HSO" + "0".repeat(22))))
                .isInstanceOf(SkipRetryException.class).hasMessageContaining("not found");
    }

    // ---- close order ----------------------------------------------------------------------

    @Test
    void close_waitingOrderWithoutPayments_isCancelledThroughTheQueue() {
        String sn = order(42);
        CloseHomestayOrderJob j = new CloseHomestayOrderJob(sn);
        new JobClient(svc.redis(), NAMESPACE).enqueue(TaskSpec.of(CloseHomestayOrderJob.TYPE, j.taskId(), Payloads.write(j)));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(sn) == -1);
        assertThat(payment.settled(sn)).hasSize(1).allSatisfy(r -> assertThat(r.getCloseUnpaid()).isTrue());
    }

    @Test
    void close_whenWeChatSaysPaid_turnsTheOrderPaid_andQueuesItsNotifyOnce() {
        String sn = order(42);
        payment.settleAnswers.put(sn, () -> SettleOrderPaymentsResp.newBuilder().setPaid(true).build());
        new CloseHomestayOrderHandler(svc).handle(closeTask(sn));
        assertThat(state(sn)).as("paid without waiting for the pay event").isEqualTo(1);
        // order-rpc queued the notification with the move, through its outbox
        await().atMost(Duration.ofSeconds(10)).until(() -> orderRpcJobs().info(new NotifyUserPaySuccessJob(sn).taskId()).isPresent());
        new CloseHomestayOrderHandler(svc).handle(closeTask(sn)); // a replayed close job
        assertThat(state(sn)).isEqualTo(1);
    }

    @Test
    void repair_settlesOrdersLeftWaitingPastTheirDeadline_paidOrCancelled_andLeavesTheRest() throws Exception {
        String paid = order(43);
        String unpaid = order(43);
        String stillOpen = order(43);
        String recent = order(43);
        for (String sn : List.of(paid, unpaid, stillOpen)) {
            pastDeadline(sn, 3600);
        }
        payment.settleAnswers.put(paid, () -> SettleOrderPaymentsResp.newBuilder().setPaid(true).build());
        payment.settleAnswers.put(stillOpen, () -> SettleOrderPaymentsResp.newBuilder().setStillWaiting(1).build());

        new looklook.mqueue.job.logic.RepairOverdueOrdersLogic(svc).repair();

        assertThat(state(paid)).as("paid at WeChat: paid here").isEqualTo(1);
        await("and its user is told").atMost(Duration.ofSeconds(10))
                .until(() -> orderRpcJobs().info(new NotifyUserPaySuccessJob(paid).taskId()).isPresent());
        assertThat(orderRpcJobs().info(new NotifyUserPaySuccessJob(unpaid).taskId())).isEmpty();
        assertThat(state(unpaid)).as("nothing can be paid any more: cancelled").isEqualTo(-1);
        assertThat(state(stillOpen)).as("a payment still open at WeChat: left for the next tick").isZero();
        assertThat(state(recent)).as("within its pay window: not touched").isZero();
        assertThat(payment.settled(recent)).isEmpty();
    }

    /** The job queue order-rpc's outbox writes to in this test. */
    private static JobClient orderRpcJobs() {
        return new JobClient(svc.redis(), ORDER_RPC_NAMESPACE);
    }

    /** Moves an order's pay deadline {@code seconds} into the past, as if its close job had been lost. */
    private static void pastDeadline(String sn, long seconds) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(orderDb.jdbcUrl(), orderDb.user(), orderDb.password());
             var st = c.prepareStatement("UPDATE homestay_order SET pay_deadline = UNIX_TIMESTAMP() - ? WHERE sn = ?")) {
            st.setLong(1, seconds);
            st.setString(2, sn);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void close_whenAPaymentIsStillWaiting_failsToRetryAndKeepsTheOrder() {
        String sn = order(42);
        payment.settleAnswers.put(sn, () -> SettleOrderPaymentsResp.newBuilder().setStillWaiting(1).build());
        assertThatThrownBy(() -> new CloseHomestayOrderHandler(svc).handle(closeTask(sn)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("still open at WeChat");
        assertThat(state(sn)).isZero();
    }

    @Test
    void close_ofAnOrderAlreadyPaid_doesNothing() {
        String sn = order(42);
        move(sn, 1);
        new CloseHomestayOrderHandler(svc).handle(closeTask(sn));
        assertThat(state(sn)).isEqualTo(1);
        assertThat(payment.settled(sn)).isEmpty();
    }

    @Test
    void close_losingTheRaceToAPayEvent_endsWithThePaidOrder() {
        String sn = order(42);
        // the pay event lands between settling and cancelling: order-rpc refuses -1 with 120004
        payment.settleAnswers.put(sn, () -> {
            move(sn, 1);
            return SettleOrderPaymentsResp.getDefaultInstance();
        });
        new CloseHomestayOrderHandler(svc).handle(closeTask(sn));
        assertThat(state(sn)).isEqualTo(1);
    }

    @Test
    void close_ofAnUnknownOrder_isArchived() {
        assertThatThrownBy(() -> new CloseHomestayOrderHandler(svc).handle(closeTask("HSO" + "9".repeat(22))))
                .isInstanceOf(SkipRetryException.class).hasMessageContaining("not found");
        Task garbage = new Task("x", CloseHomestayOrderJob.TYPE, "{\"nope\":1}", 0, 25, Instant.now());
        assertThatThrownBy(() -> new CloseHomestayOrderHandler(svc).handle(garbage)).isInstanceOf(SkipRetryException.class);
    }

    // ---- scheduler and health ---------------------------------------------------------------

    @Test
    void scheduler_reconcilesWaitingPaymentsEveryPeriod() {
        await().atMost(Duration.ofSeconds(10)).until(() -> payment.reconcileCalls.size() >= 2);
        assertThat(payment.reconcileCalls).allSatisfy(r -> {
            assertThat(r.getOlderThanSeconds()).isEqualTo(120);
            assertThat(r.getLimit()).isEqualTo(100);
        });
    }

    @Test
    void healthz_answersOkWhenRedisAndTheThreeRpcsDo() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + config.devServer().port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void expiryTick_expiresPaidOrdersWhoseStayEnded_andLeavesOthers() {
        long user = (long) wxUser()[0];
        String ended = order(user);
        String current = order(user);
        move(ended, 1);
        move(current, 1);
        org.jdbi.v3.core.Jdbi.create(orderDb.jdbcUrl(), orderDb.user(), orderDb.password()).useHandle(h ->
                h.execute("UPDATE homestay_order SET live_end_date = ? WHERE sn = ?", LocalDate.now(SHANGHAI).minusDays(1), ended));

        assertThat(new looklook.mqueue.job.logic.ExpireOrdersLogic(svc).expire()).isGreaterThanOrEqualTo(1);
        assertThat(state(ended)).isEqualTo(4);
        assertThat(state(current)).isEqualTo(1);
    }
}
