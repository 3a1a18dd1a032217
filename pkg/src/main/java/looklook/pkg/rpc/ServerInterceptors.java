package looklook.pkg.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.store.SqlErrors;
import looklook.pkg.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every rpc server does around a call, in one place because the parts share the call's
 * single close: trace id, one access-log line, exception mapping, and the server timeout.
 */
final class ServerInterceptors {
    private static final Logger log = LoggerFactory.getLogger("rpc.access");
    private static final ScheduledExecutorService TIMERS = timers();

    private ServerInterceptors() {
    }

    /**
     * One timer thread for every call's timeout. Most calls end long before it, and their timer is
     * cancelled: remove-on-cancel keeps those from piling up in the queue until their due time.
     */
    private static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "rpc-timeout");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /**
     * <ul>
     * <li>Trace: the caller's {@code x-trace-id} (or a new one) is on every log line of the call.
     * <li>Log: one line when the call ends: method, status, business code, ms, calling app, peer.
     * <li>Errors: a {@link BizException} closes the call with its status and code trailer; a database
     * that cannot be reached with 100005 (callers wait for it); any other exception with INTERNAL and a
     * generic message (the stack trace goes to the log only).
     * <li>Timeout (go-zero's server Timeout, per method when configured): past it the caller gets
     * DEADLINE_EXCEEDED and the handler's Context is cancelled, so its downstream calls stop; what
     * the handler sends afterwards is dropped.
     * </ul>
     */
    static ServerInterceptor standard(RpcServerConf conf) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                String caller = headers.get(AppTokens.APP);
                String app = caller != null && caller.length() <= 64 ? caller : "-";
                String incoming = headers.get(TraceIds.HEADER);
                String trace = incoming != null && incoming.length() <= 64 ? incoming : TraceIds.newId();
                String method = call.getMethodDescriptor().getFullMethodName();
                long timeoutMillis = conf.timeoutMillis(call.getMethodDescriptor().getBareMethodName());
                long start = System.nanoTime();
                Context.CancellableContext ctx = Context.current()
                        .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS, TIMERS);
                Context.CancellationListener[] onDeadline = new Context.CancellationListener[1];
                GuardedCall<Q, R> guarded = new GuardedCall<>(call, (status, trailers) -> {
                    // the call is over: its deadline has nothing left to close, and a listener left on would be
                    // handed to the timer thread by this cancel, waking it once per call to find nothing to do
                    ctx.removeListener(onDeadline[0]);
                    ctx.cancel(null);
                    logEnd(trace, method, app, status, trailers, start, call);
                });
                onDeadline[0] = c -> {
                    if (ctx.isCancelled() && ctx.getDeadline() != null && ctx.getDeadline().isExpired()) {
                        guarded.close(Status.DEADLINE_EXCEEDED.withDescription(
                                "server timeout " + timeoutMillis + " ms"), new Metadata());
                    }
                };
                ctx.addListener(onDeadline[0], TIMERS);
                ServerCall.Listener<Q> delegate = inTrace(trace, () -> Contexts.interceptCall(ctx, guarded, headers, next));
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

                    @Override
                    public void onCancel() {
                        try {
                            super.onCancel();
                        } finally {
                            ctx.cancel(null);
                        }
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
                            guarded.close(s.getStatus(), s.getTrailers());
                        } catch (StatusRuntimeException e) {
                            guarded.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
                        } catch (RuntimeException e) {
                            if (SqlErrors.isUnavailable(e)) {
                                // the database is away: 100005, so callers (order-mq) wait for it instead of giving up
                                log.warn("rpc {} failed, database unavailable: {}", method, e.toString());
                                StatusRuntimeException s = BizStatus.toStatus(new BizException(ErrorCode.DB_ERROR, e.toString(), e));
                                guarded.close(s.getStatus(), s.getTrailers());
                                return;
                            }
                            log.error("rpc {} unexpected failure", method, e);
                            StatusRuntimeException s = BizStatus.toStatus(new BizException(ErrorCode.SERVER_COMMON_ERROR));
                            guarded.close(Status.INTERNAL.withDescription(s.getStatus().getDescription()), s.getTrailers());
                        } finally {
                            MDC.remove(TraceIds.MDC_KEY);
                        }
                    }
                };
            }
        };
    }

    private static void logEnd(String trace, String method, String app, Status status, Metadata trailers, long start,
                               ServerCall<?, ?> call) {
        double ms = (System.nanoTime() - start) / 1000 / 1000.0;
        Object peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String biz = trailers.get(BizStatus.BIZ_CODE);
        inTrace(trace, () -> {
            if (status.isOk() || biz != null) {
                log.info("rpc {} status={}{} ms={} app={} peer={}", method, status.getCode(),
                        biz == null ? "" : " code=" + biz, ms, app, peer);
            } else {
                log.warn("rpc {} status={} desc={} ms={} app={} peer={}", method, status.getCode(),
                        status.getDescription(), ms, app, peer);
            }
            return null;
        });
    }

    private static <T> T inTrace(String trace, java.util.function.Supplier<T> body) {
        MDC.put(TraceIds.MDC_KEY, trace);
        try {
            return body.get();
        } finally {
            MDC.remove(TraceIds.MDC_KEY);
        }
    }
}
