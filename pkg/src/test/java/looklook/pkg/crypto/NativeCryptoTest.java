package looklook.pkg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The native provider on this platform (Linux x86-64, as the mesh runs), and that it signs as the JDK does. */
class NativeCryptoTest {
    private static final String ACCP = "AmazonCorrettoCryptoProvider";

    @AfterAll
    static void putTheJdksBack() {
        // the provider list is the JVM's: the other tests of this run keep the JDK's
        Security.removeProvider(ACCP);
    }

    @Test
    void installed_itSignsTheBytesTheJdkSigns_withAKeyLoadedAfterIt() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the build carries the Linux x86-64 library only");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", "SunRsaSign");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] message = "GET\n/v3/pay/transactions/out-trade-no/PMT1\n1700000000\nnonce\n\n".getBytes(StandardCharsets.UTF_8);

        assertThat(NativeCrypto.install("test")).isTrue();
        PrivateKey loaded = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded()));
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(loaded);
        signer.update(message);
        byte[] ours = signer.sign();

        assertThat(signer.getProvider().getName()).isEqualTo(ACCP);
        assertThat(loaded.getClass().getName()).as("a key loaded after the install is the provider's own").contains("corretto");
        Signature jdk = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        jdk.initSign(pair.getPrivate());
        jdk.update(message);
        assertThat(ours).as("PKCS#1 v1.5 is deterministic: the same bytes as the JDK's").isEqualTo(jdk.sign());
        assertThat(NativeCrypto.install("test")).as("a second install is a no-op").isTrue();
        assertThat(Security.getProviders()[0].getName()).isEqualTo(ACCP);
    }

    @Test
    void switchedOff_theJdksProvidersStay() {
        Security.removeProvider(ACCP);

        assertThat(NativeCrypto.install("test", false)).isFalse();
        assertThat(Security.getProvider(ACCP)).isNull();
    }
}
