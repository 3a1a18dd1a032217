package looklook.pkg.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * The variables a production deployment sets for the committed {@code etc/*.yaml} (no sandbox:
 * WeChat's and Alipay's real hosts, https notify URLs), with placeholder secrets, for tests that load those files.
 */
public final class ProductionEnv {
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("LOOKLOOK_DB_PASSWORD", "db-password"),
            Map.entry("LOOKLOOK_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            Map.entry("LOOKLOOK_REDIS_PASSWORD", "redis-password"),
            Map.entry("LOOKLOOK_ETCD_PASSWORD", "etcd-password"),
            Map.entry("LOOKLOOK_RPC_TOKEN_USERCENTER_API", "token-usercenter-api"),
            Map.entry("LOOKLOOK_RPC_TOKEN_ORDER_API", "token-order-api"),
            Map.entry("LOOKLOOK_RPC_TOKEN_PAYMENT_API", "token-payment-api"),
            Map.entry("LOOKLOOK_RPC_TOKEN_ORDER_MQ", "token-order-mq"),
            Map.entry("LOOKLOOK_RPC_TOKEN_MQUEUE_JOB", "token-mqueue-job"),
            Map.entry("LOOKLOOK_RPC_TOKEN_PAYMENT_RPC", "token-payment-rpc"),
            Map.entry("LOOKLOOK_RPC_TOKEN_OPS", "token-ops"),
            Map.entry("LOOKLOOK_WX_MINI_APPID", "wx0123456789abcdef"),
            Map.entry("LOOKLOOK_WX_MINI_SECRET", "mini-secret"),
            Map.entry("LOOKLOOK_WECHAT_MCH_ID", "1230000109"),
            Map.entry("LOOKLOOK_WECHAT_MCH_SERIAL_NO", "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"),
            Map.entry("LOOKLOOK_WECHAT_PUBLIC_KEY_ID", "PUB_KEY_ID_0112300001092025010100000000000001"),
            Map.entry("LOOKLOOK_WECHAT_APIV3_KEY", "0123456789abcdef0123456789abcdef"),
            Map.entry("LOOKLOOK_PAYMENT_NOTIFY_URL", "https://pay.example.com/payment/v1/thirdPayment/thirdPaymentWxPayCallback"),
            Map.entry("LOOKLOOK_REFUND_NOTIFY_URL", "https://pay.example.com/payment/v1/thirdPayment/thirdPaymentWxRefundCallback"),
            Map.entry("LOOKLOOK_ALIPAY_APP_ID", "2021000123456789"),
            Map.entry("LOOKLOOK_ALIPAY_SELLER_ID", "2088000123456789"),
            Map.entry("LOOKLOOK_ALIPAY_PRIVATE_KEY_PATH", "/etc/looklook/alipay/app_private_key.pem"),
            Map.entry("LOOKLOOK_ALIPAY_PUBLIC_KEY_PATH", "/etc/looklook/alipay/alipay_public_key.pem"),
            Map.entry("LOOKLOOK_ALIPAY_NOTIFY_URL", "https://pay.example.com/payment/v1/thirdPayment/thirdPaymentAlipayCallback"));

    private ProductionEnv() {
    }

    /** Every variable without a default in the committed configs. */
    public static Map<String, String> values() {
        return VALUES;
    }

    /** {@link #values()} with {@code overrides} on top. */
    public static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(VALUES);
        m.putAll(overrides);
        return m;
    }
}
