package looklook.pkg.rpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingClientInterceptor;
import java.util.concurrent.TimeUnit;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.discovery.MeshNameResolvers;

/** Builds the channel a process uses to call another service (go-zero's zrpc.MustNewClient). */
public final class RpcClients {
    private RpcClients() {
    }

    /**
     * A channel over every live server of the target, round-robin, with the configured deadline on
     * each call that has none, the caller's trace id and credential ({@code App}/{@code Token}) on
     * every call, and per-method client metrics.
     */
    public static ManagedChannel channel(RpcClientConf conf, MeterRegistry metrics) {
        MeshNameResolvers.install();
        String target;
        if (conf.etcd() != null) {
            // the resolver opens its etcd client from the target's hosts: their account must be known first
            EtcdClients.registerAccount(conf.etcd());
            target = MeshNameResolvers.etcdTarget(conf.etcd().hosts(), conf.etcd().key());
        } else {
            target = MeshNameResolvers.directTarget(conf.endpoints());
        }
        ManagedChannelBuilder<?> b = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .defaultLoadBalancingPolicy("round_robin")
                // last added runs first: the deadline must be set before metrics and the call start
                .intercept(new MetricCollectingClientInterceptor(metrics), traceForwarding(), deadlines(conf));
        if (conf.hasCredential()) {
            b.intercept(AppTokens.attach(conf.app(), conf.token()));
        }
        ManagedChannel channel = b.build();
        // resolve and connect now, as zrpc dials at start: the first call does not pay for the etcd
        // login, the listing and the connection inside its deadline
        channel.getState(true);
        return channel;
    }

    /** Sets the deadline a call lacks: the method's override if configured, else {@code Timeout}. */
    static ClientInterceptor deadlines(RpcClientConf conf) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                if (options.getDeadline() == null) {
                    Long ms = conf.methodTimeouts().get(method.getBareMethodName());
                    if (ms == null) {
                        ms = conf.methodTimeouts().getOrDefault(method.getFullMethodName(), conf.timeout());
                    }
                    options = options.withDeadlineAfter(ms, TimeUnit.MILLISECONDS);
                }
                return next.newCall(method, options);
            }
        };
    }

    private static ClientInterceptor traceForwarding() {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata headers) {
                        String trace = TraceIds.current();
                        if (trace != null) {
                            headers.put(TraceIds.HEADER, trace);
                        }
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
