package looklook.pkg.ops;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.Channel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.discovery.EtcdClients;

/** The readiness probes processes combine for {@code /healthz}. */
public final class Checks {
    private Checks() {
    }

    /**
     * What an rpc server needs to be ready: its database, and etcd when it registers there. The
     * map is mutable, so a process adds the dependencies only it has.
     */
    public static Map<String, HealthCheck> rpcServer(DataSource ds, EtcdConf etcd) {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("db", database(ds));
        if (etcd != null) {
            checks.put("etcd", etcd(EtcdClients.get(etcd)));
        }
        return checks;
    }

    /** The database hands out a connection that answers. */
    public static HealthCheck database(DataSource ds) {
        return () -> {
            try (Connection c = ds.getConnection()) {
                if (!c.isValid(1)) {
                    throw new IllegalStateException("connection not valid");
                }
            }
        };
    }

    /** etcd answers a read. */
    public static HealthCheck etcd(Client etcd) {
        return () -> etcd.getKVClient().get(ByteSequence.from(new byte[] {0})).get(1, TimeUnit.SECONDS);
    }

    /** Redis answers PING. */
    public static HealthCheck redis(redis.clients.jedis.JedisPooled redis) {
        return () -> {
            if (!"PONG".equals(redis.ping())) {
                throw new IllegalStateException("redis did not answer PONG");
            }
        };
    }

    /** A downstream gRPC service reports SERVING through the standard health service. */
    public static HealthCheck rpc(Channel channel) {
        return () -> {
            HealthCheckResponse r = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            if (r.getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
                throw new IllegalStateException(r.getStatus().name());
            }
        };
    }
}
