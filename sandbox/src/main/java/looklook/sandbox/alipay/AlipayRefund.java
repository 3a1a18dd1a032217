package looklook.sandbox.alipay;

import java.time.Instant;

/** One refund of an Alipay trade: Alipay refunds synchronously, so a refund it accepted has succeeded. */
public record AlipayRefund(String outRequestNo, String outTradeNo, String tradeNo, long amount, String reason, Instant time) {
}
