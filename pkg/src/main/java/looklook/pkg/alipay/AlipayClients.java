package looklook.pkg.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.AlipayConfig;
import com.alipay.api.DefaultAlipayClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The official alipay-sdk-java client, built one way for every process: public-key mode, RSA2,
 * JSON, UTF-8, the keys read from the PEM files {@link AlipayConf} names.
 */
public final class AlipayClients {
    /** The only charset the project signs and verifies in. */
    public static final String CHARSET = "UTF-8";
    /** SHA256withRSA, Alipay's current signature type. */
    public static final String SIGN_TYPE = "RSA2";

    private AlipayClients() {
    }

    /** The SDK client for {@code conf}; a key that cannot be read is a start-up failure. */
    public static AlipayClient create(AlipayConf conf) {
        AlipayConfig c = new AlipayConfig();
        c.setServerUrl(conf.gatewayUrl());
        c.setAppId(conf.appId());
        c.setPrivateKey(keyBody(Path.of(conf.privateKeyPath())));
        c.setAlipayPublicKey(alipayPublicKey(conf));
        c.setFormat("json");
        c.setCharset(CHARSET);
        c.setSignType(SIGN_TYPE);
        c.setConnectTimeout(Math.toIntExact(conf.timeout()));
        c.setReadTimeout(Math.toIntExact(conf.timeout()));
        try {
            return new DefaultAlipayClient(c);
        } catch (AlipayApiException e) {
            throw new IllegalArgumentException("AlipayConf: the SDK refused the configuration: " + e.getMessage(), e);
        }
    }

    /** Alipay's public key as the SDK takes it (what {@code AlipaySignature.rsaCheckV1} verifies notifies with). */
    public static String alipayPublicKey(AlipayConf conf) {
        return keyBody(Path.of(conf.alipayPublicKeyPath()));
    }

    /** The Base64 body of a PEM file, which is the key string the SDK wants. */
    static String keyBody(Path pem) {
        try {
            return Files.readAllLines(pem).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("-----"))
                    .collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException("Alipay key " + pem + " cannot be read", e);
        }
    }
}
