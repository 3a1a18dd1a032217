package looklook.pkg.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.discovery.EtcdRegistration;
import looklook.pkg.discovery.HostPorts;
import looklook.pkg.discovery.InternalIp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC server as go-zero's zrpc builds one: health service (reflection when configured), caller
 * authentication ({@code Auth}), access log, error mapping, server timeout, per-method metrics, etcd
 * registration, and a graceful stop that deregisters first (so clients stop picking it) and then
 * drains calls in flight.
 */
public final class RpcServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);
    private static final long DRAIN_SECONDS = 5;

    private final RpcServerConf conf;
    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final List<String> serviceNames = new ArrayList<>();
    private EtcdRegistration registration;

    /** Builds (does not start) a server for {@code services}. */
    public RpcServer(RpcServerConf conf, MeterRegistry metrics, List<? extends BindableService> services) {
        this.conf = requireNonNull(conf, "conf");
        InetSocketAddress bind = HostPorts.parse(conf.listenOn());
        NettyServerBuilder b = NettyServerBuilder.forAddress(bind).addService(health.getHealthService());
        if (conf.reflection()) {
            b.addService(ProtoReflectionServiceV1.newInstance());
        }
        // interceptors run in reverse order of addition: metrics sees the final status, and a refused
        // caller gets its access-log line
        if (conf.auth()) {
            b.intercept(AppTokens.check(conf.apps(), conf.methodApps()));
        }
        b.intercept(ServerInterceptors.standard(conf))
                .intercept(new MetricCollectingServerInterceptor(requireNonNull(metrics, "metrics")));
        for (BindableService s : services) {
            ServerServiceDefinition def = s.bindService();
            serviceNames.add(def.getServiceDescriptor().getName());
            b.addService(def);
        }
        this.server = b.build();
    }

    /** Listens, marks every service SERVING, then registers in etcd when configured. */
    public RpcServer start() throws IOException {
        server.start();
        health.setStatus("", ServingStatus.SERVING);
        serviceNames.forEach(n -> health.setStatus(n, ServingStatus.SERVING));
        String advertised = InternalIp.advertised(HostPorts.parse(conf.listenOn()).getHostString(), port());
        if (conf.etcd() != null) {
            registration = EtcdRegistration.register(EtcdClients.get(conf.etcd()), conf.etcd().key(), advertised);
        }
        log.info("rpc server {} listening on {} (advertised {}), auth {}, reflection {}", serviceNames, conf.listenOn(),
                advertised, conf.auth() ? "on for " + new TreeSet<>(conf.apps().keySet()) : "off", conf.reflection() ? "on" : "off");
        if (!conf.auth()) {
            log.warn("rpc server {} accepts calls without a credential (Auth: false)", serviceNames);
        }
        return this;
    }

    /** The port actually bound (useful with port 0 in tests). */
    public int port() {
        return server.getPort();
    }

    /** The etcd key this server is registered under, or null when not registered. */
    public String registeredKey() {
        return registration == null ? null : registration.key();
    }

    /** Deregister, stop accepting calls, let running calls finish for a few seconds, then cut. */
    @Override
    public void close() {
        if (registration != null) {
            registration.close();
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                log.warn("rpc calls still running after {}s; cancelling them", DRAIN_SECONDS);
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
