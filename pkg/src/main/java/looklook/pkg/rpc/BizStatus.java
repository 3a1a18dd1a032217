package looklook.pkg.rpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;

/**
 * How a {@link BizException} crosses gRPC: a standard status code (so any gRPC client understands
 * it) plus the looklook business code in the {@code x-biz-code} trailer.
 */
public final class BizStatus {
    /** Trailer carrying the business code as decimal text. */
    public static final Metadata.Key<String> BIZ_CODE = Metadata.Key.of("x-biz-code", Metadata.ASCII_STRING_MARSHALLER);

    private BizStatus() {
    }

    /** The status and trailers a server closes a call with for {@code e}. */
    public static StatusRuntimeException toStatus(BizException e) {
        Status.Code grpc = ErrorCode.of(e.code()).map(ErrorCode::grpcStatus).orElse(Status.Code.UNKNOWN);
        Metadata trailers = new Metadata();
        trailers.put(BIZ_CODE, Integer.toString(e.code()));
        return grpc.toStatus().withDescription(e.userMessage()).asRuntimeException(trailers);
    }

    /**
     * The business error a client should see for a failed call: the server's own code when it sent
     * one, 100001 (server busy) for transport failures such as an unreachable server or a deadline.
     */
    public static BizException fromStatus(StatusRuntimeException e) {
        Metadata trailers = e.getTrailers();
        String code = trailers == null ? null : trailers.get(BIZ_CODE);
        if (code != null) {
            try {
                String msg = e.getStatus().getDescription();
                return BizException.fromWire(Integer.parseInt(code), msg == null ? "" : msg);
            } catch (NumberFormatException ignored) {
                // a foreign server's trailer: fall through to the generic mapping
            }
        }
        return new BizException(ErrorCode.SERVER_COMMON_ERROR,
                "rpc failed: " + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
    }
}
