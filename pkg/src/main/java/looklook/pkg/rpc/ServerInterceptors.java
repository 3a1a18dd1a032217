package looklook.pkg.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The interceptors every rpc server runs, outermost first in {@link RpcServer}. */
final class ServerInterceptors {
    private static final Logger log = LoggerFactory.getLogger("rpc.access");
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rpc-deadline");
        t.setDaemon(true);
        return t;
    });

    private ServerInterceptors() {
    }

    /**
     * Logs one line per call (method, status, ms, peer, trace id) and maps exceptions: a
     * {@link BizException} closes the call with its status and code trailer, anything else with
     * INTERNAL and a generic message (the stack trace goes to the log, never to the caller).
     */
    static ServerInterceptor accessAndErrors() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String incoming = headers.get(TraceIds.HEADER);
                String trace = incoming != null && incoming.length() <= 64 ? incoming : TraceIds.newId();
                String method = call.getMethodDescriptor().getFullMethodName();
                long start = System.nanoTime();
                ServerCall<Q, R> logged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                    @Override
                    public void close(Status status, Metadata trailers) {
                        long micros = (System.nanoTime() - start) / 1000;
                        String peer = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
                        String biz = trailers.get(BizStatus.BIZ_CODE);
                        withTrace(trace, () -> {
                            if (status.isOk() || biz != null) {
                                log.info("rpc {} status={}{} ms={} peer={}", method, status.getCode(),
                                        biz == null ? "" : " code=" + biz, micros / 1000.0, peer);
                            } else {
                                log.warn("rpc {} status={} desc={} ms={} peer={}", method, status.getCode(),
                                        status.getDescription(), micros / 1000.0, peer);
                            }
                        });
                        super.close(status, trailers);
                    }
                };
                ServerCall.Listener<Q> delegate = withTrace(trace, () -> next.startCall(logged, headers));
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                    @Override
                    public void onMessage(Q message) {
                        guard(() -> super.onMessage(message));
                    }

                    @Override
                    public void onHalfClose() {
                        guard(super::onHalfClose);
                    }

                    @Override
                    public void onReady() {
                        guard(super::onReady);
                    }

                    private void guard(Runnable r) {
                        MDC.put(TraceIds.MDC_KEY, trace);
                        try {
                            r.run();
                        } catch (BizException e) {
                            if (ErrorCode.of(e.code()).map(ErrorCode::internal).orElse(false)) {
                                log.error("rpc {} failed: {}", method, e.getMessage(), e);
                            }
                            StatusRuntimeException s = BizStatus.toStatus(e);
                            logged.close(s.getStatus(), s.getTrailers());
                        } catch (StatusRuntimeException e) {
                            logged.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
                        } catch (RuntimeException e) {
                            log.error("rpc {} unexpected failure", method, e);
                            StatusRuntimeException s = BizStatus.toStatus(new BizException(ErrorCode.SERVER_COMMON_ERROR));
                            logged.close(Status.INTERNAL.withDescription(s.getStatus().getDescription()),
                                    s.getTrailers());
                        } finally {
                            MDC.remove(TraceIds.MDC_KEY);
                        }
                    }
                };
            }
        };
    }

    /**
     * Bounds every call by the server's own timeout (go-zero's server Timeout) as well as the
     * client's deadline: the handler's Context carries the earlier of the two, so every downstream
     * gRPC call made while handling inherits it and a slow dependency cannot hold the call forever.
     * The context is cancelled when the call ends, which releases its timer.
     */
    static ServerInterceptor deadline(long timeoutMillis) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                Context.CancellableContext ctx = Context.current()
                        .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS, DEADLINES);
                ServerCall.Listener<Q> inner = Contexts.interceptCall(ctx, call, headers, next);
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(inner) {
                    @Override
                    public void onComplete() {
                        try {
                            super.onComplete();
                        } finally {
                            ctx.cancel(null);
                        }
                    }

                    @Override
                    public void onCancel() {
                        try {
                            super.onCancel();
                        } finally {
                            ctx.cancel(null);
                        }
                    }
                };
            }
        };
    }

    private static <T> T withTrace(String trace, java.util.function.Supplier<T> body) {
        MDC.put(TraceIds.MDC_KEY, trace);
        try {
            return body.get();
        } finally {
            MDC.remove(TraceIds.MDC_KEY);
        }
    }

    private static void withTrace(String trace, Runnable body) {
        withTrace(trace, () -> {
            body.run();
            return null;
        });
    }
}
