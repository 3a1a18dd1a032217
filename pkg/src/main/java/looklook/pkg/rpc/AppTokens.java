package looklook.pkg.rpc;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The caller's credential on internal gRPC calls, on go-zero zrpc's wire: metadata {@code app} (who
 * calls) and {@code token} (its secret), so a Go service of the mesh can call us and be called.
 */
public final class AppTokens {
    /** Metadata key of the caller's name. */
    public static final Metadata.Key<String> APP = Metadata.Key.of("app", Metadata.ASCII_STRING_MARSHALLER);
    /** Metadata key of the caller's token. */
    public static final Metadata.Key<String> TOKEN = Metadata.Key.of("token", Metadata.ASCII_STRING_MARSHALLER);

    private AppTokens() {
    }

    /** Sends {@code app} and {@code token} on every call of the channel (grpc-stub's header interceptor). */
    public static ClientInterceptor attach(String app, String token) {
        Metadata credential = new Metadata();
        credential.put(APP, app);
        credential.put(TOKEN, token);
        return MetadataUtils.newAttachHeadersInterceptor(credential);
    }

    /**
     * Closes with UNAUTHENTICATED every call whose {@code app} is not in {@code apps} or whose
     * {@code token} is not that app's, and with PERMISSION_DENIED a call of a method {@code methodApps}
     * keeps for other callers. The health service stays open: an orchestrator's gRPC probe
     * (Kubernetes' {@code grpc:} probe) cannot send metadata, and the answer tells only SERVING or not.
     */
    static ServerInterceptor check(Map<String, String> apps, Map<String, List<String>> methodApps) {
        Map<String, byte[]> expected = apps.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> e.getValue().getBytes(StandardCharsets.UTF_8)));
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
                    return next.startCall(call, headers);
                }
                String app = headers.get(APP);
                String token = headers.get(TOKEN);
                if (app == null || token == null || app.isEmpty() || token.isEmpty()) {
                    return refuse(call, Status.UNAUTHENTICATED, "missing app/token metadata");
                }
                byte[] want = expected.get(app);
                // compared in constant time, so the answer's timing does not leak a token's prefix
                if (want == null || !MessageDigest.isEqual(want, token.getBytes(StandardCharsets.UTF_8))) {
                    return refuse(call, Status.UNAUTHENTICATED, "access denied");
                }
                List<String> allowed = methodApps.get(call.getMethodDescriptor().getBareMethodName());
                if (allowed != null && !allowed.contains(app)) {
                    return refuse(call, Status.PERMISSION_DENIED, app + " may not call " + call.getMethodDescriptor().getBareMethodName());
                }
                return next.startCall(call, headers);
            }
        };
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String why) {
        call.close(status.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
