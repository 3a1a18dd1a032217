package looklook.order.mq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.order.mq.config.OrderMqConfig;
import looklook.order.mq.mqs.PaymentUpdateStatusMq;
import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.events.JobQueues;
import looklook.pkg.events.NotifyUserPaySuccessJob;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.PaymentPayStatusEvent;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.jobq.Redis;
import looklook.pkg.kafka.ConsumerConf;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.rpc.RpcServerConf;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.TopicTail;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.orderGrpc;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.paymentGrpc;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * order-mq's consumer in this JVM (its ServiceContext and KafkaQueue, on a topic, group and job
 * namespace of its own) against the real order-rpc process (its jar and committed config, a fresh
 * database, found through etcd), the real Kafka and Redis. Orders are created and inspected
 * through order-rpc itself.
 */
class OrderMqIT {
    private static final String KEY = TestInfra.unique("order.rpc");
    private static final String TOPIC = TestInfra.unique("paystatus");
    private static final String DLQ = TOPIC + "-dlq";
    private static final String NAMESPACE = "test:{" + TestInfra.unique("order-mq") + "}";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /**
     * Two tries only: an order-rpc restart takes more calls than that, so an event that rides it out
     * shows that an outage spends no tries (it pauses the partition instead).
     */
    private static final ConsumerConf CONSUMER = ConsumerConf.of(TOPIC, TestInfra.unique("order-mq"), 2, 250L);
    @TempDir
    static Path tmp;
    private static MysqlDsn dsn;
    private static String rpcYaml;
    private static int rpcDev;
    private static MeshProcess rpc;
    private static ManagedChannel channel;
    private static orderGrpc.orderBlockingStub orders;
    private static OrderMqConfig conf;
    private static ServiceContext svc;
    private static KafkaQueue queue;
    private static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** payment-rpc as order-mq sees it: the refunds it was asked for (the refund itself is payment-rpc's test). */
    private static final List<String> refundsAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static RpcServer fakePayment;
    private static final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        dsn = TestInfra.freshDatabase("looklook_order");
        rpcDev = MeshProcess.freePort();
        rpcYaml = MeshProcess.etc("order-rpc", Map.of(
                "127.0.0.1:2001", "127.0.0.1:" + MeshProcess.freePort(),
                "Port: 4004", "Port: " + rpcDev,
                "Key: order.rpc", "Key: " + KEY,
                "/looklook_order?", "/" + dsn.database() + "?"))
                + "JobNamespace: \"" + NAMESPACE + "\"\n"; // its close jobs stay out of the mesh's queue
        rpc = startRpc();
        // a generous deadline: the first calls to a freshly restarted order-rpc are slow on a busy machine
        channel = RpcClients.channel(TestInfra.asCaller(new RpcClientConf(new EtcdConf(TestInfra.etcdHosts(), KEY), null, 15_000L, null), "order-mq"),
                new SimpleMeterRegistry());
        orders = orderGrpc.newBlockingStub(channel).withWaitForReady();

        fakePayment = new RpcServer(new RpcServerConf("127.0.0.1:0", null, 5000), new SimpleMeterRegistry(),
                List.of(new paymentGrpc.paymentImplBase() {
                    @Override
                    public void refundPayment(RefundPaymentReq req, StreamObserver<RefundPaymentResp> out) {
                        refundsAsked.add(req.getOrderSn());
                        out.onNext(RefundPaymentResp.newBuilder().setRefundSn("RFD" + "0".repeat(22)).build());
                        out.onCompleted();
                    }
                })).start();
        new TopicTail(TOPIC).close(); // creates the topic before the group subscribes to it
        conf = config(CONSUMER);
        svc = new ServiceContext(conf);
        PaymentUpdateStatusMq mq = new PaymentUpdateStatusMq(svc);
        queue = new KafkaQueue(conf.kafkaConf(), CONSUMER.options(), r -> {
            count(attempts, r.key());
            mq.handle(r);
            count(handled, r.key());
        }, svc.dlqProducer(), svc.metrics()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        queue.close();
        svc.close();
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        fakePayment.close();
        rpc.close();
        DataSources.dropDatabase(dsn);
    }

    private static MeshProcess startRpc() throws Exception {
        return MeshProcess.start("order-rpc", rpcYaml, new HashMap<>(TestInfra.env()), rpcDev, tmp);
    }

    private static OrderMqConfig config(ConsumerConf consumer) {
        return new OrderMqConfig("order-mq", new DevServerConf("127.0.0.1", 0),
                new KafkaConf(List.of(TestInfra.kafkaBootstrap())), consumer,
                TestInfra.asCaller(RpcClientConf.etcd(TestInfra.etcdHosts(), KEY), "order-mq"),
                RpcClientConf.direct(List.of("127.0.0.1:" + fakePayment.port())));
    }

    private static void count(Map<String, AtomicInteger> m, String key) {
        m.computeIfAbsent(String.valueOf(key), k -> new AtomicInteger()).incrementAndGet();
    }

    private static int countOf(Map<String, AtomicInteger> m, String key) {
        AtomicInteger n = m.get(key);
        return n == null ? 0 : n.get();
    }

    /** A new order waiting for payment: homestay 1, one night from tomorrow, one person. */
    private static String createOrder() {
        long tomorrow = LocalDate.now(SHANGHAI).plusDays(1).atStartOfDay(SHANGHAI).toEpochSecond();
        return orders.createHomestayOrder(CreateHomestayOrderReq.newBuilder()
                .setHomestayId(1).setLiveStartTime(tomorrow).setLiveEndTime(tomorrow + 86_400)
                .setLivePeopleNum(1).setUserId(ThreadLocalRandom.current().nextLong(1, 1_000_000_000L)).build()).getSn();
    }

    private static long tradeState(String sn) {
        return orders.homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn(sn).build()).getHomestayOrder().getTradeState();
    }

    private static void moveOrder(String sn, long to) {
        orders.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder().setSn(sn).setTradeState(to).build());
    }

    private static PaymentPayStatusEvent event(int payStatus, String orderSn) {
        String paymentSn = "PMT" + String.format("%022d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        return new PaymentPayStatusEvent(payStatus, orderSn, paymentSn, UUID.randomUUID().toString(), System.currentTimeMillis(),
                payStatus == 2 ? 1L : null);
    }

    private static void publish(String topic, String key, String value) throws Exception {
        svc.dlqProducer().send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    private static void publish(PaymentPayStatusEvent e) throws Exception {
        publish(TOPIC, e.orderSn(), Payloads.write(e));
    }

    private static void awaitHandled(String key, int times) {
        await().atMost(Duration.ofSeconds(30)).until(() -> countOf(handled, key) >= times);
    }

    /** order-rpc's job queue in this test: its outbox writes the notify jobs there. */
    private static final JobClient JOBS = new JobClient(Redis.client(TestInfra.redisConf()), NAMESPACE);

    /** Notifications waiting on their queue (the critical one: nothing else goes there). */
    private static long pendingJobs() {
        return JOBS.counts(JobQueues.of(NotifyUserPaySuccessJob.TYPE)).get("pending");
    }

    private static boolean notifyJobQueued(String sn) {
        return JOBS.info(new NotifyUserPaySuccessJob(sn).taskId()).isPresent();
    }

    /** order-rpc's outbox relay takes the job to Redis a moment after the move. */
    private static void awaitNotifyJob(String sn) {
        await().atMost(Duration.ofSeconds(10)).until(() -> notifyJobQueued(sn));
    }

    private static String reason(ConsumerRecord<String, String> dead) {
        return new String(dead.headers().lastHeader(KafkaQueue.DLQ_REASON).value(), StandardCharsets.UTF_8);
    }

    @Test
    void paySuccess_paysTheOrderAndQueuesOneNotifyJob() throws Exception {
        String sn = createOrder();
        long before = pendingJobs();
        publish(event(1, sn));
        awaitHandled(sn, 1);

        assertThat(tradeState(sn)).isEqualTo(1);
        awaitNotifyJob(sn);
        Map<String, String> task = JOBS.info(new NotifyUserPaySuccessJob(sn).taskId()).orElseThrow();
        assertThat(task).containsEntry("type", NotifyUserPaySuccessJob.TYPE).containsEntry("state", "pending");
        assertThat(Payloads.read(task.get("payload"), NotifyUserPaySuccessJob.class).orderSn()).isEqualTo(sn);
        assertThat(pendingJobs() - before).isEqualTo(1);
    }

    @Test
    void sameEventDeliveredFiveTimes_paysOnceAndQueuesOneJob() throws Exception {
        String sn = createOrder();
        long before = pendingJobs();
        PaymentPayStatusEvent e = event(1, sn);
        for (int i = 0; i < 5; i++) {
            publish(e);
        }
        awaitHandled(sn, 5);

        assertThat(tradeState(sn)).isEqualTo(1);
        awaitNotifyJob(sn);
        Thread.sleep(500); // what a relay round more would add
        assertThat(pendingJobs() - before).isEqualTo(1);
        assertThat(countOf(attempts, sn)).isEqualTo(5);
    }

    @Test
    void orderPaidByAnotherPath_hasItsJobFromTheMove_andTheLaterEventQueuesNoSecond() throws Exception {
        String sn = createOrder();
        long before = pendingJobs();
        moveOrder(sn, 1); // the close job or the repair tick found the payment first
        awaitNotifyJob(sn);
        publish(event(1, sn));
        awaitHandled(sn, 1);

        assertThat(tradeState(sn)).isEqualTo(1);
        Thread.sleep(500);
        assertThat(pendingJobs() - before).as("one notification, whoever moved the order").isEqualTo(1);
    }

    @Test
    void paymentForACancelledOrder_isRefunded_andTheOrderStaysCancelled() throws Exception {
        String sn = createOrder();
        moveOrder(sn, -1);
        try (TopicTail dlq = new TopicTail(DLQ)) {
            publish(event(1, sn));
            await().atMost(Duration.ofSeconds(30)).until(() -> countOf(handled, sn) == 1);
            assertThat(dlq.read(r -> sn.equals(r.key()), 1, Duration.ofSeconds(2))).as("nothing dead-lettered").isEmpty();
        }
        assertThat(refundsAsked).containsOnlyOnce(sn);
        assertThat(tradeState(sn)).isEqualTo(-1);
        assertThat(notifyJobQueued(sn)).isFalse();
    }

    @Test
    void refundOfAPaidOrder_makesItRefunded() throws Exception {
        String sn = createOrder();
        publish(event(1, sn));
        publish(event(2, sn));
        awaitHandled(sn, 2);

        assertThat(tradeState(sn)).isEqualTo(3);
    }

    @Test
    void unparseableEvents_goToTheDlqAtOnce_andTheNextEventIsStillHandled() throws Exception {
        String garbage = TestInfra.unique("garbage");
        String incomplete = TestInfra.unique("incomplete");
        String sn = createOrder();
        try (TopicTail dlq = new TopicTail(DLQ)) {
            publish(TOPIC, garbage, "{\"payStatus\":1,");
            publish(TOPIC, incomplete, "{\"payStatus\":1,\"orderSn\":\"" + sn + "\"}");
            publish(event(1, sn));
            awaitHandled(sn, 1);

            List<ConsumerRecord<String, String>> dead = dlq.read(r -> garbage.equals(r.key()) || incomplete.equals(r.key()),
                    2, Duration.ofSeconds(30));
            // two keys may sit on two partitions: their dead letters come in either order
            assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(garbage, incomplete);
            for (ConsumerRecord<String, String> d : dead) {
                assertThat(reason(d)).startsWith(d.key().equals(garbage)
                        ? "poison: PaymentPayStatusEvent: not valid JSON"
                        : "poison: PaymentPayStatusEvent: missing field paymentSn");
            }
        }
        assertThat(countOf(attempts, garbage)).isEqualTo(1);
        assertThat(countOf(attempts, incomplete)).isEqualTo(1);
        assertThat(tradeState(sn)).isEqualTo(1);
    }

    @Test
    void unknownOrder_isDeadLetteredAtOnceWithTheReason() throws Exception {
        String sn = "HSO" + String.format("%022d", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        try (TopicTail dlq = new TopicTail(DLQ)) {
            publish(event(1, sn));
            List<ConsumerRecord<String, String>> dead = dlq.read(r -> sn.equals(r.key()), 1, Duration.ofSeconds(30));
            assertThat(dead).hasSize(1);
            assertThat(reason(dead.get(0))).isEqualTo("poison: order " + sn + " not found");
        }
        assertThat(countOf(attempts, sn)).isEqualTo(1);
        assertThat(notifyJobQueued(sn)).isFalse();
    }

    @Test
    void otherPayStatuses_areIgnored() throws Exception {
        String sn = createOrder();
        publish(event(3, sn));
        publish(event(-1, sn));
        awaitHandled(sn, 2);

        assertThat(tradeState(sn)).isZero();
        assertThat(notifyJobQueued(sn)).isFalse();
    }

    @Test
    void orderRpcDown_eventWaitsWithoutSpendingItsTries_andIsHandledAfterTheRestart() throws Exception {
        String sn = createOrder();
        rpc.stop(); // SIGTERM: it deregisters from etcd, as in a rolling restart
        assertThat(rpc.health()).isEqualTo(-1);
        try (TopicTail dlq = new TopicTail(DLQ)) {
            publish(event(1, sn));
            // more calls than the two tries CONSUMER allows: none of them was spent on the outage
            await().atMost(Duration.ofSeconds(20)).until(() -> countOf(attempts, sn) > CONSUMER.attempts());
            assertThat(countOf(handled, sn)).isZero();
            assertThat(svc.metrics().get("kafka.queue.paused").gauge().value()).isEqualTo(1);
            rpc = startRpc();
            awaitHandled(sn, 1);
            assertThat(dlq.read(r -> sn.equals(r.key()), 0, Duration.ofSeconds(1))).isEmpty();
        }
        assertThat(countOf(attempts, sn)).isGreaterThan(CONSUMER.attempts());
        assertThat(tradeState(sn)).isEqualTo(1);
        awaitNotifyJob(sn);
    }

    @Test
    void jar_withTheCommittedConfig_servesHealthzAndPaysAnOrder() throws Exception {
        String topic = TestInfra.unique("paystatus-jar");
        new TopicTail(topic).close();
        int dev = MeshProcess.freePort();
        String yaml = MeshProcess.etc("order-mq", Map.of(
                "Port: 4007", "Port: " + dev,
                "Topic: payment-update-paystatus-topic", "Topic: " + topic,
                "Group: order-mq", "Group: " + TestInfra.unique("order-mq"),
                "Key: order.rpc", "Key: " + KEY));
        String sn = createOrder();
        // start() returns once /healthz answers 200, i.e. order-rpc answers and the consumer polls
        try (MeshProcess mq = MeshProcess.start("order-mq", yaml, new HashMap<>(TestInfra.env()), dev, tmp)) {
            PaymentPayStatusEvent e = event(1, sn);
            publish(topic, sn, Payloads.write(e));
            await().atMost(Duration.ofSeconds(30)).until(() -> tradeState(sn) == 1 && notifyJobQueued(sn));
            await().atMost(Duration.ofSeconds(5)).until(() -> mq.log().contains("pay event " + e.eventId() + " order " + sn));
            assertThat(mq.metrics()).contains("kafka_queue_handled_total", "kafka_queue_paused", "kafka_queue_last_poll_age_seconds",
                    "kafka_dead_letters");
        }
    }
}
