package looklook.pkg.errors;

import io.grpc.Status;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Business error codes, looklook's common ones (1000xx) followed by one block per domain.
 * The number travels to clients; the default message is safe to show to a user.
 */
public enum ErrorCode {
    SERVER_COMMON_ERROR(100001, Status.Code.INTERNAL, "server is busy, please try again later", true),
    REQUEST_PARAM_ERROR(100002, Status.Code.INVALID_ARGUMENT, "bad request parameter", false),
    TOKEN_EXPIRE_ERROR(100003, Status.Code.UNAUTHENTICATED, "token is invalid or expired, please log in again", false),
    TOKEN_GENERATE_ERROR(100004, Status.Code.INTERNAL, "could not generate a token", true),
    DB_ERROR(100005, Status.Code.INTERNAL, "database is busy, please try again later", true),
    DB_UPDATE_AFFECTED_ZERO_ERROR(100006, Status.Code.ABORTED, "the record was changed meanwhile, please retry", false),
    TOO_MANY_REQUESTS(100007, Status.Code.RESOURCE_EXHAUSTED, "too many requests, please try again later", false),
    REQUEST_TOO_LARGE(100008, Status.Code.RESOURCE_EXHAUSTED, "request body is too large", false),
    REQUEST_TIMEOUT(100009, Status.Code.DEADLINE_EXCEEDED, "request body took too long to arrive", false),

    // usercenter 1100xx
    USER_ALREADY_REGISTERED(110001, Status.Code.ALREADY_EXISTS, "this mobile is already registered", false),
    USER_LOGIN_FAILED(110002, Status.Code.UNAUTHENTICATED, "mobile or password is incorrect", false),
    USER_NOT_FOUND(110003, Status.Code.NOT_FOUND, "user not found", false),
    USER_AUTH_NOT_FOUND(110004, Status.Code.NOT_FOUND, "user auth not found", false),
    WX_MINI_CODE_INVALID(110005, Status.Code.UNAUTHENTICATED, "WeChat login expired, please log in again", false),
    WX_MINI_DATA_INVALID(110006, Status.Code.INVALID_ARGUMENT, "WeChat user data could not be verified", false),
    USER_WX_BOUND_ELSEWHERE(110007, Status.Code.ALREADY_EXISTS,
            "this mobile is already bound to another WeChat account", false),
    SMS_CODE_INVALID(110008, Status.Code.INVALID_ARGUMENT,
            "the SMS code is wrong, expired or already used, please request a new one", false),
    SMS_CODE_TOO_FREQUENT(110009, Status.Code.RESOURCE_EXHAUSTED,
            "too many SMS codes for this mobile, please try again later", false),
    SMS_SEND_FAILED(110010, Status.Code.UNAVAILABLE, "the SMS could not be sent, please try again later", true),
    USER_MOBILE_UNVERIFIED(110011, Status.Code.FAILED_PRECONDITION,
            "this mobile belongs to an account that never verified it; reset its password by SMS first", false),
    REFRESH_TOKEN_INVALID(110012, Status.Code.UNAUTHENTICATED, "the session has ended, please log in again", false),
    WX_MINI_PHONE_CODE_INVALID(110013, Status.Code.INVALID_ARGUMENT,
            "the phone number authorization has expired, please tap the phone number button again", false),

    // order 1200xx
    HOMESTAY_NOT_FOUND(120001, Status.Code.NOT_FOUND, "homestay not found", false),
    HOMESTAY_NOT_ON_SALE(120002, Status.Code.FAILED_PRECONDITION, "this homestay is not on sale", false),
    ORDER_NOT_FOUND(120003, Status.Code.NOT_FOUND, "order not found", false),
    ORDER_TRADE_STATE_FORBIDDEN(120004, Status.Code.FAILED_PRECONDITION, "the order cannot change to that state", false),
    ORDER_TOO_MANY_UNPAID(120005, Status.Code.FAILED_PRECONDITION,
            "you have too many unpaid orders; pay one or wait until it closes", false),
    ORDER_TRADE_CODE_MISMATCH(120006, Status.Code.INVALID_ARGUMENT, "the check-in code is wrong", false),
    ORDER_NOT_CHECKABLE(120007, Status.Code.FAILED_PRECONDITION, "this order cannot be checked in", false),

    // payment 1300xx
    PAYMENT_NOT_FOUND(130001, Status.Code.NOT_FOUND, "payment not found", false),
    PAYMENT_ORDER_ALREADY_PAID(130002, Status.Code.FAILED_PRECONDITION, "this order is already paid", false),
    PAYMENT_ORDER_NOT_PAYABLE(130003, Status.Code.FAILED_PRECONDITION, "this order can no longer be paid", false),
    PAYMENT_WX_OPENID_NOT_FOUND(130004, Status.Code.FAILED_PRECONDITION,
            "please log in with WeChat before paying", false),
    PAYMENT_CONFLICT(130005, Status.Code.ALREADY_EXISTS,
            "another payment of this order is waiting with other terms", false),
    PAYMENT_PAY_STATUS_FORBIDDEN(130006, Status.Code.FAILED_PRECONDITION,
            "the payment cannot change to that state", false),
    WX_PAY_ERROR(130007, Status.Code.UNAVAILABLE, "WeChat Pay is busy, please try again later", true),
    REFUND_NOT_ALLOWED(130008, Status.Code.FAILED_PRECONDITION, "this order cannot be refunded", false),
    REFUND_NOT_FOUND(130009, Status.Code.NOT_FOUND, "refund not found", false),
    REFUND_NOTHING_UNDER_POLICY(130010, Status.Code.FAILED_PRECONDITION,
            "the cancellation policy refunds nothing for this order now", false),
    REFUND_TOO_MUCH(130011, Status.Code.FAILED_PRECONDITION, "that is more than is left to refund on this payment", false),
    REFUND_KEY_REUSED(130012, Status.Code.ALREADY_EXISTS,
            "that idempotency key was used for another refund", false),
    ALIPAY_ERROR(130013, Status.Code.UNAVAILABLE, "Alipay is busy, please try again later", true),
    PAY_MODE_NOT_OFFERED(130014, Status.Code.FAILED_PRECONDITION, "this payment method is not offered", false);

    private static final Map<Integer, ErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final int code;
    private final Status.Code grpcStatus;
    private final String message;
    private final boolean internal;

    ErrorCode(int code, Status.Code grpcStatus, String message, boolean internal) {
        this.code = code;
        this.grpcStatus = grpcStatus;
        this.message = message;
        this.internal = internal;
    }

    /** The number clients see. */
    public int code() {
        return code;
    }

    /** The standard gRPC status this error travels as. */
    public Status.Code grpcStatus() {
        return grpcStatus;
    }

    /** The default user-facing message. */
    public String message() {
        return message;
    }

    /** True when details must be logged but never shown to a client (they may name internals). */
    public boolean internal() {
        return internal;
    }

    /** The enum constant for a number read off the wire, if this build knows it. */
    public static Optional<ErrorCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
