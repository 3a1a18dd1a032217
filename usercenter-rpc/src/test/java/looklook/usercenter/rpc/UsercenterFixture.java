package looklook.usercenter.rpc;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import looklook.pkg.conf.DbConf;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.JwtAuthConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.rpc.RpcClients;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.TestInfra;
import looklook.proto.usercenter.RegisterReq;
import looklook.proto.usercenter.RegisterResp;
import looklook.proto.usercenter.SendSmsCodeReq;
import looklook.proto.usercenter.usercenterGrpc;
import looklook.usercenter.rpc.config.SmsConf;
import looklook.usercenter.rpc.config.UsercenterRpcConfig;
import looklook.usercenter.rpc.server.UsercenterServer;
import looklook.usercenter.rpc.sms.SmsSender;
import looklook.usercenter.rpc.svc.ServiceContext;

/** usercenter-rpc on a fresh database, the shared Redis and a loopback port; SMS texts are kept in memory. */
final class UsercenterFixture implements AutoCloseable {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    /** The texts usercenter-rpc sent, per mobile, oldest first. */
    static final class CapturedSms implements SmsSender {
        private final Map<String, List<String>> texts = new HashMap<>();

        @Override
        public synchronized void send(String mobile, String text) {
            texts.computeIfAbsent(mobile, m -> new ArrayList<>()).add(text);
        }

        synchronized List<String> of(String mobile) {
            return List.copyOf(texts.getOrDefault(mobile, List.of()));
        }

        /** The code in the newest text to {@code mobile}. */
        String lastCode(String mobile) {
            List<String> all = of(mobile);
            Matcher m = CODE.matcher(all.get(all.size() - 1));
            if (!m.find()) {
                throw new AssertionError("no code in " + all.get(all.size() - 1));
            }
            return m.group(1);
        }
    }

    final CapturedSms sms = new CapturedSms();
    final MysqlDsn dsn;
    final ServiceContext svc;
    final RpcServer server;
    final ManagedChannel channel;
    final usercenterGrpc.usercenterBlockingStub rpc;

    UsercenterFixture() throws Exception {
        dsn = TestInfra.freshDatabase("looklook_usercenter");
        UsercenterRpcConfig conf = new UsercenterRpcConfig("usercenter-rpc", "127.0.0.1:0", null, 8000L,
                new DevServerConf("127.0.0.1", 0), new DbConf(dsn.goDsn(), 20),
                JwtAuthConf.of(TestInfra.jwtSecret(), 3600L), 4, TestInfra.redisConf(),
                SmsConf.sandbox("http://127.0.0.1:1", 1000L), false, null, true); // reflection on
        svc = new ServiceContext(conf, sms);
        server = new RpcServer(conf.rpcServer(), svc.metrics(), List.of(new UsercenterServer(svc))).start();
        // a deadline longer than the server's: on a loaded machine a call the client gave up on would
        // still run on the server, beside the next test's
        channel = RpcClients.channel(new RpcClientConf(null, List.of("127.0.0.1:" + server.port()), 10_000L, null), svc.metrics());
        rpc = usercenterGrpc.newBlockingStub(channel);
    }

    static String newMobile() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    /** Asks for a code for {@code mobile} and reads it from the text. */
    String sendAndRead(String mobile) {
        rpc.sendSmsCode(SendSmsCodeReq.newBuilder().setMobile(mobile).build());
        return sms.lastCode(mobile);
    }

    /** Moves the mobile's codes {@code seconds} into the past, as if that time had passed. */
    void age(String mobile, long seconds) {
        svc.jdbi().useHandle(h -> h.execute("UPDATE sms_code SET create_time = create_time - INTERVAL ? SECOND, "
                + "expire_time = expire_time - INTERVAL ? SECOND WHERE mobile = ?", seconds, seconds, mobile));
    }

    /** Registers {@code mobile} the proper way: a code, then register with it. */
    RegisterResp register(String mobile, String password) {
        return rpc.register(RegisterReq.newBuilder().setMobile(mobile).setPassword(password)
                .setAuthKey(mobile).setAuthType("system").setSmsCode(sendAndRead(mobile)).build());
    }

    /** The business error a call ends with. */
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

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.close();
        svc.close();
        DataSources.dropDatabase(dsn);
    }
}
