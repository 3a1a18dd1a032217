package looklook.pkg.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import org.junit.jupiter.api.Test;

class WxConfTest {
    record Conf(WxPayConf wxPay, WxMiniConf wxMiniConf) {
    }

    private static final String YAML = """
            WxPay:
              MchId: "1900000109"
              SerialNo: 5157F09EFDC096DE15EBE81A47057A7232F1B8E1
              PrivateKeyPath: /keys/apiclient_key.pem
              PublicKeyId: PUB_KEY_ID_0119000001092025010100000000000001
              PublicKeyPath: /keys/pub_key.pem
              APIv3Key: ${KEY}
              NotifyUrl: http://127.0.0.1:1002/payment/v1/thirdPayment/thirdPaymentWxPayCallback
              BaseUrl: ${BASE:}
              AppId: wx8888888888888888
            WxMiniConf:
              AppId: wx8888888888888888
              Secret: s3cret
            """;

    @Test
    void wxPay_loadsPascalCaseKeysWithTheAPIv3KeySpelling() {
        Conf c = ConfLoader.parse("t.yaml", YAML, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF",
                "BASE", "http://127.0.0.1:8090"));
        assertThat(c.wxPay().apiV3Key()).isEqualTo("0123456789abcdef0123456789ABCDEF");
        assertThat(c.wxPay().baseUrl()).isEqualTo("http://127.0.0.1:8090");
        assertThat(c.wxPay().timeout()).isEqualTo(5000L);
        assertThat(c.wxPay().toString()).doesNotContain("0123456789abcdef");
        assertThat(c.wxMiniConf().endpoint()).isEqualTo(WxMiniConf.WECHAT);
        assertThat(c.wxMiniConf().toString()).doesNotContain("s3cret");
    }

    @Test
    void emptyBaseUrl_meansRealWeChat() {
        Conf c = ConfLoader.parse("t.yaml", YAML, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF"));
        assertThat(c.wxPay().baseUrl()).isEmpty();
    }

    @Test
    void shortApiV3Key_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", YAML, Conf.class, Map.of("KEY", "short")))
                .isInstanceOf(ConfException.class).hasMessageContaining("APIv3Key");
    }

    @Test
    void missingApiV3Key_failsNamingTheKey() {
        String without = YAML.replace("  APIv3Key: ${KEY}\n", "");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", without, Conf.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("WxPay.APIv3Key");
    }

    @Test
    void platformCertificate_isOffByDefault_andCanStandInForThePublicKey() {
        Conf c = ConfLoader.parse("t.yaml", YAML, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF"));
        assertThat(c.wxPay().certMode()).isEqualTo(PlatformCertMode.OFF);
        assertThat(c.wxPay().hasPublicKey()).isTrue();
        String certOnly = YAML.replace("  PublicKeyId: PUB_KEY_ID_0119000001092025010100000000000001\n", "")
                .replace("  PublicKeyPath: /keys/pub_key.pem\n", "  PlatformCertMode: auto\n");
        Conf auto = ConfLoader.parse("t.yaml", certOnly, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF"));
        assertThat(auto.wxPay().hasPublicKey()).isFalse();
        assertThat(auto.wxPay().certMode()).isEqualTo(PlatformCertMode.AUTO);
    }

    @Test
    void noWayToVerifyWeChat_orACertificateFileWithoutAPath_failsNamingTheKeys() {
        String neither = YAML.replace("  PublicKeyId: PUB_KEY_ID_0119000001092025010100000000000001\n", "");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", neither, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF")))
                .isInstanceOf(ConfException.class).hasMessageContaining("PublicKeyId").hasMessageContaining("PlatformCertMode");
        String fileWithoutPath = YAML.replace("  BaseUrl:", "  PlatformCertMode: file\n  BaseUrl:");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", fileWithoutPath, Conf.class,
                Map.of("KEY", "0123456789abcdef0123456789ABCDEF"))).isInstanceOf(ConfException.class)
                .hasMessageContaining("PlatformCertPath");
        String badMode = YAML.replace("  BaseUrl:", "  PlatformCertMode: download\n  BaseUrl:");
        assertThatThrownBy(() -> ConfLoader.parse("t.yaml", badMode, Conf.class, Map.of("KEY", "0123456789abcdef0123456789ABCDEF")))
                .isInstanceOf(ConfException.class).hasMessageContaining("PlatformCertMode: download");
    }
}
