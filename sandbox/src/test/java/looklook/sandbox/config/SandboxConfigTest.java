package looklook.sandbox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import looklook.pkg.conf.ConfException;
import looklook.pkg.conf.ConfLoader;
import looklook.sandbox.signing.SigningMode;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {
    private static final Path FILE = Path.of("../etc/sandbox.yaml");

    @Test
    void etcFile_loadsWithDefaultsAndEnvironmentOverrides() {
        SandboxConfig c = ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_KEYS", "/tmp/k",
                "LOOKLOOK_WECHAT_TIME_FACTOR", "0.01"));
        assertThat(c.port()).isEqualTo(8090);
        assertThat(c.devServer().port()).isEqualTo(4010);
        assertThat(c.keyDir()).isEqualTo("/tmp/k");
        assertThat(c.timeFactor()).isEqualTo(0.01);
        assertThat(c.pay().publicKeyId()).startsWith("PUB_KEY_ID_");
        assertThat(c.miniProgram().secret()).isNull();
        assertThat(c.billsReadyAt()).isEqualTo("10:00");
        assertThat(c.strictNotifyUrl()).as("the local mesh is called back on 127.0.0.1").isFalse();
        assertThat(c.pay().refundNotifyUrl()).isNull();
        SandboxConfig strict = ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_STRICT_NOTIFY_URL", "true",
                "LOOKLOOK_WECHAT_REFUND_NOTIFY_URL", "https://pay.example.com/refund"));
        assertThat(strict.strictNotifyUrl()).isTrue();
        assertThat(strict.pay().refundNotifyUrl()).isEqualTo("https://pay.example.com/refund");
        assertThat(ConfLoader.load(FILE, SandboxConfig.class, Map.of()).keyDir()).isEqualTo(".mesh/wechat");
        assertThat(ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_BILLS_READY_AT", "now"))
                .billsReadyAt()).isEqualTo("now");
    }

    @Test
    void signingMode_defaultsToThePublicKey_andTakesTheOtherModesFromTheEnvironment() {
        assertThat(ConfLoader.load(FILE, SandboxConfig.class, Map.of()).signing()).isEqualTo(SigningMode.PUBLIC_KEY);
        assertThat(ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_SIGNING_MODE", "migration")).signing())
                .isEqualTo(SigningMode.MIGRATION);
        assertThatThrownBy(() -> ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_SIGNING_MODE", "sm2")))
                .isInstanceOf(ConfException.class).hasMessageContaining("SigningMode: sm2");
    }

    @Test
    void badBillsReadyAt_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_BILLS_READY_AT", "soon")))
                .isInstanceOf(ConfException.class).hasMessageContaining("BillsReadyAt: soon");
    }

    @Test
    void badTimeFactor_failsNamingTheKey() {
        assertThatThrownBy(() -> ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WECHAT_TIME_FACTOR", "0")))
                .isInstanceOf(ConfException.class).hasMessageContaining("TimeFactor");
    }

    @Test
    void etcFile_templatesAreLooklooksTwo_andTheirIdsFollowMqueueJobsVariables() {
        SandboxConfig c = ConfLoader.load(FILE, SandboxConfig.class, Map.of());
        assertThat(c.miniProgram().templates()).isEqualTo(SandboxConfig.TemplateConf.LOOKLOOK);
        assertThat(c.miniProgram().templates().get(0).keywords()).containsKeys("date4", "date5");
        SandboxConfig real = ConfLoader.load(FILE, SandboxConfig.class, Map.of("LOOKLOOK_WX_TPL_ORDER_PAID", "Xa1",
                "LOOKLOOK_WX_TPL_CHECK_IN", "Xb2"));
        assertThat(real.miniProgram().templates()).extracting(SandboxConfig.TemplateConf::id).containsExactly("Xa1", "Xb2");
    }

    @Test
    void templateKeywordOfNoKnownType_failsNamingTheTemplateAndTheKey() {
        String yaml = """
                Name: sandbox
                Port: 0
                KeyDir: /tmp/k
                Pay: {MchId: "1900000109", MerchantSerialNo: S, PublicKeyId: PUB_KEY_ID_1}
                MiniProgram:
                  AppId: wx1
                  Templates:
                    - Id: T1
                      Keywords: {thing1: Title, site2: Where}
                """;
        assertThatThrownBy(() -> ConfLoader.parse("t", yaml, SandboxConfig.class, Map.of()))
                .isInstanceOf(ConfException.class).hasMessageContaining("template T1").hasMessageContaining("site2");
    }

    @Test
    void absentTemplates_areLooklooksTwo() {
        SandboxConfig c = SandboxConfig.forTest(Path.of("/tmp/k"), 0.001);
        assertThat(c.miniProgram().templates()).extracting(SandboxConfig.TemplateConf::id)
                .containsExactly("tpl-order-pay-success", "tpl-order-check-in");
    }
}
