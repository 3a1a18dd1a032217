package looklook.pkg.rpc;

import io.grpc.StatusRuntimeException;
import java.util.function.Supplier;
import looklook.pkg.errors.BizException;

/** Runs a blocking stub call and turns its failure back into the {@link BizException} the server threw. */
public final class RpcCalls {
    private RpcCalls() {
    }

    /** {@code RpcCalls.call(() -> usercenter.login(req))}. */
    public static <T> T call(Supplier<T> stubCall) {
        try {
            return stubCall.get();
        } catch (StatusRuntimeException e) {
            throw BizStatus.fromStatus(e);
        }
    }
}
