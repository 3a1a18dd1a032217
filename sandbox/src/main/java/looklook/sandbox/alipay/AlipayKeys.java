package looklook.sandbox.alipay;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import looklook.sandbox.crypto.SimKeys;

/**
 * The Alipay sandbox's two RSA2 key pairs, generated under the key directory beside WeChat's: the
 * merchant application's (the services sign requests with its private half; the sandbox, where
 * the app's public key is "registered", verifies them) and Alipay's own (the sandbox signs answers
 * and notifies; the services verify with the public half, "the Alipay public key").
 */
public record AlipayKeys(PublicKey appPublicKey, PrivateKey alipayPrivateKey) {
    /** The application's private key, PKCS#8 PEM: what a merchant passes to DefaultAlipayClient (Base64 body). */
    public static final String APP_PRIVATE = "alipay_app_private_key.pem";
    /** The application's public key, SPKI PEM: what the merchant uploads to the open platform. */
    public static final String APP_PUBLIC = "alipay_app_public_key.pem";
    /** Alipay's public key, SPKI PEM: what the merchant verifies answers and notifies with. */
    public static final String ALIPAY_PUBLIC = "alipay_public_key.pem";
    /** Alipay's private key; only the sandbox reads it. */
    public static final String ALIPAY_PRIVATE = "alipay_private_key.pem";

    /** Reads the pairs under {@code dir}, creating any that is missing. */
    public static AlipayKeys loadOrCreate(Path dir) {
        KeyPair app = SimKeys.pair(dir, APP_PRIVATE, APP_PUBLIC);
        KeyPair alipay = SimKeys.pair(dir, ALIPAY_PRIVATE, ALIPAY_PUBLIC);
        return new AlipayKeys(app.getPublic(), alipay.getPrivate());
    }
}
