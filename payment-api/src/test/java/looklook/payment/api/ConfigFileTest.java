package looklook.payment.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import looklook.payment.api.config.PaymentApiConfig;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.testing.ProductionEnv;
import looklook.pkg.limit.RouteLimitConf;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

class ConfigFileTest {
    @Test
    void aWeChatOnlyDeployment_withoutAlipayVariables_loadsWithAlipayNotOffered() {
        Map<String, String> env = new java.util.HashMap<>(ProductionEnv.values());
        env.keySet().removeIf(k -> k.startsWith("LOOKLOOK_ALIPAY_"));
        PaymentApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/payment-api.yaml"), PaymentApiConfig.class, env);
        assertThat(c.alipayConf().offered()).isFalse();
    }

    @Test
    void committedConfig_loadsWithGeneratedSecrets() {
        PaymentApiConfig c = ConfLoader.load(TestInfra.repoRoot().resolve("etc/payment-api.yaml"), PaymentApiConfig.class,
                ProductionEnv.values());
        assertThat(c.port()).isEqualTo(1002);
        assertThat(c.devServer().port()).isEqualTo(4005);
        assertThat(c.orderRpcConf().etcd().key()).isEqualTo("order.rpc");
        assertThat(c.paymentRpcConf().etcd().key()).isEqualTo("payment.rpc");
        assertThat(c.usercenterRpcConf().etcd().key()).isEqualTo("usercenter.rpc");
        assertThat(c.wxPayConf().mchId()).isEqualTo("1230000109");
        assertThat(c.wxPayConf().privateKeyPath()).isEqualTo(".mesh/wechat/apiclient_key.pem");
        assertThat(c.wxPayConf().notifyUrl())
                .isEqualTo("https://pay.example.com/payment/v1/thirdPayment/thirdPaymentWxPayCallback");
        assertThat(c.wxPayConf().baseUrl()).isEmpty();
        assertThat(c.wxPayConf().sandbox()).isFalse();
        assertThat(c.wxPayConf().appId()).isEqualTo("wx0123456789abcdef");
        assertThat(c.queryWaitingPaymentAfter()).isEqualTo(10_000L);
        assertThat(c.queryWaitingPaymentEvery()).isEqualTo(10_000L);
        assertThat(c.redis().host()).isEqualTo("127.0.0.1:16379");
        assertThat(c.rateLimit().routes()).containsOnlyKeys("/payment/v1/thirdPayment/thirdPaymentWxPay",
                "/payment/v1/thirdPayment/thirdPaymentWxPayStatus", "/payment/v1/thirdPayment/thirdPaymentWxRefund",
                "/payment/v1/thirdPayment/thirdPaymentRefundQuote", "/payment/v1/thirdPayment/thirdPaymentWxNativePay",
                "/payment/v1/thirdPayment/thirdPaymentStatus", "/payment/v1/thirdPayment/thirdPaymentAlipayPay");
        assertThat(c.rateLimit().routes().get("/payment/v1/thirdPayment/thirdPaymentAlipayPay"))
                .isEqualTo(new RouteLimitConf(120L, 10L, 60L, true));
        assertThat(c.alipayConf().gatewayUrl()).isEqualTo("https://openapi.alipay.com/gateway.do");
        assertThat(c.alipayConf().sandbox()).isFalse();
        assertThat(c.alipayConf().appId()).isEqualTo("2021000123456789");
        assertThat(c.alipayConf().notifyUrl())
                .isEqualTo("https://pay.example.com/payment/v1/thirdPayment/thirdPaymentAlipayCallback");
        assertThat(c.rateLimit().routes().get("/payment/v1/thirdPayment/thirdPaymentWxNativePay"))
                .isEqualTo(new RouteLimitConf(120L, 10L, 60L, true));
        assertThat(c.rateLimit().routes().get("/payment/v1/thirdPayment/thirdPaymentStatus"))
                .isEqualTo(new RouteLimitConf(600L, 60L, 60L, true));
        assertThat(c.rateLimit().routes().get("/payment/v1/thirdPayment/thirdPaymentRefundQuote"))
                .isEqualTo(new RouteLimitConf(120L, 30L, 60L, true));
        assertThat(c.rateLimit().routes().get("/payment/v1/thirdPayment/thirdPaymentWxPayStatus"))
                .isEqualTo(new RouteLimitConf(600L, 60L, 60L, true));
    }
}
