package looklook.payment.rpc.ops;

import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.errors.BizException;
import looklook.pkg.rpc.RpcCalls;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.payment.ApplyAbnormalRefundReq;
import looklook.proto.payment.RefundPaymentReq;
import looklook.proto.payment.RefundPaymentResp;
import looklook.proto.payment.RetryClosedRefundReq;
import looklook.proto.payment.paymentGrpc;

/**
 * The operator's money commands ({@code ./mesh money ...}): a refund by the platform, and the
 * recovery of an ABNORMAL refund, asked of a running payment-rpc as the caller {@code ops}
 * ({@code LOOKLOOK_RPC_TOKEN_OPS}), so the same rules hold as for any caller (the sum, the key, the
 * one-minute turn). Prints the refund as it stands; exits 1 with the business error otherwise.
 */
public final class MoneyMain {
    private static final String USAGE = """
            usage: money refund <orderSn> <fen> <idempotencyKey> [reason]   part of the order's payment
                   money refund-all <orderSn> [reason]                      all that is left of it
                   money retry-closed <refundSn>                            a new refund in place of a CLOSED one
                   money apply-abnormal <refundSn> merchant                 an ABNORMAL refund to the merchant's account
                   money apply-abnormal <refundSn> card <bankType> <account> <realName>   to another card of the payer""";

    private MoneyMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String target = System.getenv().getOrDefault("LOOKLOOK_PAYMENT_RPC", "127.0.0.1:2002");
        String token = System.getenv().getOrDefault("LOOKLOOK_RPC_TOKEN_OPS", "");
        ManagedChannel channel = RpcClients.channel(RpcClientConf.direct(List.of(target)).withCredential("ops", token),
                new SimpleMeterRegistry());
        try {
            paymentGrpc.paymentBlockingStub rpc = paymentGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            RefundPaymentResp r = RpcCalls.call(() -> call(rpc, args));
            System.out.printf("refund %s of payment %s: %d fen, status %d (0 processing, 1 success, -1 abnormal, 2 closed, 3 voided)%s%n",
                    r.getRefundSn(), r.getPaymentSn(), r.getRefundAmount(), r.getRefundStatus(),
                    r.getNotBefore() > 0 ? ", asked of WeChat at its turn, epoch ms " + r.getNotBefore() : "");
        } catch (IllegalArgumentException e) {
            System.err.println(USAGE);
            System.exit(2);
        } catch (BizException e) {
            System.err.println("refused: " + e.code() + " " + e.userMessage());
            System.exit(1);
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private static RefundPaymentResp call(paymentGrpc.paymentBlockingStub rpc, String[] a) {
        String cmd = a.length == 0 ? "" : a[0];
        return switch (cmd) {
            case "refund" -> {
                need(a, 4, 5);
                yield rpc.refundPayment(RefundPaymentReq.newBuilder().setOrderSn(a[1]).setAmount(fen(a[2]))
                        .setIdempotencyKey(a[3]).setReason(a.length > 4 ? a[4] : "").build());
            }
            case "refund-all" -> {
                need(a, 2, 3);
                yield rpc.refundPayment(RefundPaymentReq.newBuilder().setOrderSn(a[1]).setReason(a.length > 2 ? a[2] : "").build());
            }
            case "retry-closed" -> {
                need(a, 2, 2);
                yield rpc.retryClosedRefund(RetryClosedRefundReq.newBuilder().setRefundSn(a[1]).build());
            }
            case "apply-abnormal" -> {
                ApplyAbnormalRefundReq.Builder b = ApplyAbnormalRefundReq.newBuilder();
                if (a.length == 3 && a[2].equals("merchant")) {
                    b.setRefundSn(a[1]).setType("MERCHANT_BANK_CARD");
                } else if (a.length == 6 && a[2].equals("card")) {
                    b.setRefundSn(a[1]).setType("USER_BANK_CARD").setBankType(a[3]).setBankAccount(a[4]).setRealName(a[5]);
                } else {
                    throw new IllegalArgumentException("apply-abnormal");
                }
                yield rpc.applyAbnormalRefund(b.build());
            }
            default -> throw new IllegalArgumentException(cmd);
        };
    }

    private static void need(String[] a, int min, int max) {
        if (a.length < min || a.length > max) {
            throw new IllegalArgumentException(a[0]);
        }
    }

    private static long fen(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
