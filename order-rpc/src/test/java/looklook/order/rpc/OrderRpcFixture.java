package looklook.order.rpc;

import io.grpc.ManagedChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import looklook.order.rpc.config.OrderRpcConfig;
import looklook.order.rpc.server.OrderServer;
import looklook.order.rpc.svc.ServiceContext;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.proto.order.CreateHomestayOrderReq;
import looklook.proto.order.HomestayOrder;
import looklook.proto.order.HomestayOrderDetailReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateReq;
import looklook.proto.order.UpdateHomestayOrderTradeStateResp;
import looklook.proto.order.orderGrpc;

/**
 * order-rpc in this JVM on a fresh database, dialled over loopback gRPC, with a clock fixed at
 * {@link #NOW} (10:00 in Asia/Shanghai on {@link #TODAY}) so date rules never race midnight.
 */
final class OrderRpcFixture {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant NOW = Instant.parse("2031-03-10T02:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2031, 3, 10);
    static final int WORKER_ID = 7;
    static final long CLOSE_DELAY_SECONDS = 1800;
    /** Close jobs of these tests go to a namespace of their own, never to a running mesh's queue. */
    static final String JOB_NAMESPACE = "test:{" + TestInfra.unique("order") + "}";

    final MysqlDsn dsn;
    final ServiceContext svc;
    final RpcServer server;
    final ManagedChannel channel;
    final orderGrpc.orderBlockingStub rpc;

    private OrderRpcFixture(MysqlDsn dsn, ServiceContext svc, RpcServer server, ManagedChannel channel) {
        this.dsn = dsn;
        this.svc = svc;
        this.server = server;
        this.channel = channel;
        this.rpc = orderGrpc.newBlockingStub(channel);
    }

    /** With room for the tests' own users (the bound has its own test). */
    static OrderRpcFixture start() throws Exception {
        return start(50);
    }

    /** With at most {@code maxUnpaidOrders} unpaid orders per user. */
    static OrderRpcFixture start(int maxUnpaidOrders) throws Exception {
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_order");
        OrderRpcConfig conf = new OrderRpcConfig("order-rpc", "127.0.0.1:0", null, 5000L,
                new DevServerConf("127.0.0.1", 0), new DbConf(dsn.goDsn(), 20),
                TestInfra.redisConf(), JOB_NAMESPACE, WORKER_ID, CLOSE_DELAY_SECONDS, false, null, true, // reflection on
                maxUnpaidOrders, null);
        ServiceContext svc = new ServiceContext(conf, Clock.fixed(NOW, ZoneOffset.UTC));
        RpcServer server = new RpcServer(conf.rpcServer(), svc.metrics(), List.of(new OrderServer(svc))).start();
        ManagedChannel channel = RpcClients.channel(RpcClientConf.direct(List.of("127.0.0.1:" + server.port())), svc.metrics());
        return new OrderRpcFixture(dsn, svc, server, channel);
    }

    void close() throws Exception {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.close();
        svc.close();
        DataSources.dropDatabase(dsn);
    }

    /** Midnight in Asia/Shanghai, {@code offset} days from {@link #TODAY}, as unix seconds. */
    static long day(int offset) {
        return TODAY.plusDays(offset).atStartOfDay(SHANGHAI).toEpochSecond();
    }

    static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L);
    }

    static CreateHomestayOrderReq.Builder req(long userId, long homestayId, long start, long end, long people) {
        return CreateHomestayOrderReq.newBuilder().setUserId(userId).setHomestayId(homestayId)
                .setLiveStartTime(start).setLiveEndTime(end).setLivePeopleNum(people);
    }

    /** A valid order for {@code userId}: home 1, two guests, from tomorrow for two nights. */
    String create(long userId) {
        return rpc.createHomestayOrder(req(userId, 1, day(1), day(3), 2).build()).getSn();
    }

    HomestayOrder detail(String sn) {
        return rpc.homestayOrderDetail(HomestayOrderDetailReq.newBuilder().setSn(sn).build()).getHomestayOrder();
    }

    UpdateHomestayOrderTradeStateResp move(String sn, long tradeState) {
        return rpc.updateHomestayOrderTradeState(UpdateHomestayOrderTradeStateReq.newBuilder()
                .setSn(sn).setTradeState(tradeState).build());
    }

    static BizException bizError(Runnable call) {
        try {
            RpcCalls.call(() -> {
                call.run();
                return null;
            });
        } catch (BizException e) {
            return e;
        }
        throw new AssertionError("expected a business error");
    }

    long count(String sql, Object... args) {
        return svc.jdbi().withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    void exec(String sql) {
        svc.jdbi().useHandle(h -> h.execute(sql));
    }
}
