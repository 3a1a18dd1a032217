package looklook.sandbox.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import looklook.sandbox.KeyGenMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimKeysTest {
    @TempDir
    Path tmp;

    @Test
    void loadOrCreate_createsTheDirectoryPrivateFilesMode600AndReusesThem() throws Exception {
        Path dir = tmp.resolve("a/b/wechat");
        SimKeys first = SimKeys.loadOrCreate(dir);
        for (String secret : new String[] {SimKeys.MERCHANT_PRIVATE, SimKeys.PLATFORM_PRIVATE, SimKeys.APIV3_KEY, SimKeys.MINI_SECRET}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret)))).as(secret).isEqualTo("rw-------");
        }
        assertThat(Files.readString(dir.resolve(SimKeys.MERCHANT_PRIVATE))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve(SimKeys.PLATFORM_PUBLIC))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(first.apiV3Key()).hasSize(32).matches("[0-9A-Za-z]+");

        SimKeys again = SimKeys.loadOrCreate(dir);
        assertThat(again.apiV3Key()).isEqualTo(first.apiV3Key());
        assertThat(again.merchantPublicKey()).isEqualTo(first.merchantPublicKey());
        assertThat(again.platformPrivateKey()).isEqualTo(first.platformPrivateKey());
        assertThat(Rsa.verify(again.platformPublicKey(), "m", Rsa.sign(first.platformPrivateKey(), "m"))).isTrue();
        assertThat(Rsa.verify(again.merchantPublicKey(), "m", Rsa.sign(first.platformPrivateKey(), "m"))).isFalse();
    }

    @Test
    void keyGenMain_printsTheSecretsServicesNeedAsEnvLines() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf));
        try {
            KeyGenMain.main(new String[] {tmp.resolve("k").toString(), "--env"});
        } finally {
            System.setOut(out);
        }
        SimKeys keys = SimKeys.loadOrCreate(tmp.resolve("k"));
        assertThat(buf.toString()).contains("LOOKLOOK_WECHAT_APIV3_KEY=" + keys.apiV3Key())
                .contains("LOOKLOOK_WX_MINI_SECRET=" + keys.miniAppSecret());
    }
}
