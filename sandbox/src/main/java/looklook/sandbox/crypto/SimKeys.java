package looklook.sandbox.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The sandbox's key material, generated on first use under one directory and reused afterwards:
 * the merchant's key pair (the services sign with the private half, the simulator verifies with
 * the public half), WeChat's platform key pair of public-key mode (the simulator signs, the
 * services verify), the platform certificate of certificate mode and its private key, the APIv3
 * key and the mini program's AppSecret. File names follow what WeChat hands a merchant.
 */
public record SimKeys(
        PrivateKey merchantPrivateKey,
        PublicKey merchantPublicKey,
        PrivateKey platformPrivateKey,
        PublicKey platformPublicKey,
        PrivateKey certificateKey,
        X509Certificate certificate,
        String apiV3Key,
        String miniAppSecret) {

    /** The merchant's API private key (PKCS#8), what WeChat calls apiclient_key.pem. */
    public static final String MERCHANT_PRIVATE = "apiclient_key.pem";
    /** The merchant's public key (SPKI): the simulator checks request signatures with it. */
    public static final String MERCHANT_PUBLIC = "apiclient_pub.pem";
    /** WeChat Pay's platform public key (SPKI) as downloaded from the merchant platform. */
    public static final String PLATFORM_PUBLIC = "pub_key.pem";
    /** The platform's private key; only the simulator reads it. */
    public static final String PLATFORM_PRIVATE = "wechatpay_private_key.pem";
    /** The platform certificate (X.509 PEM) of certificate mode, as a merchant deploys it. */
    public static final String PLATFORM_CERT = "wechatpay_cert.pem";
    /** The platform certificate's private key; only the simulator reads it. */
    public static final String PLATFORM_CERT_KEY = "wechatpay_cert_key.pem";
    /** The 32-character APIv3 key. */
    public static final String APIV3_KEY = "apiv3_key";
    /** The mini program's AppSecret. */
    public static final String MINI_SECRET = "mini_app_secret";

    /** Reads the keys under {@code dir}, creating the directory and any missing key first. */
    public static SimKeys loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            // the simulator and a key-generation script may start at the same moment
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    ensurePair(dir, MERCHANT_PRIVATE, MERCHANT_PUBLIC);
                    ensurePair(dir, PLATFORM_PRIVATE, PLATFORM_PUBLIC);
                    ensureCertificate(dir);
                    ensureSecret(dir.resolve(APIV3_KEY), Nonces.alnum(32));
                    ensureSecret(dir.resolve(MINI_SECRET), Nonces.alnum(32).toLowerCase(Locale.ROOT));
                } finally {
                    lock.release();
                }
            }
            return new SimKeys(
                    Pem.readPrivateKey(read(dir, MERCHANT_PRIVATE)),
                    Pem.readPublicKey(read(dir, MERCHANT_PUBLIC)),
                    Pem.readPrivateKey(read(dir, PLATFORM_PRIVATE)),
                    Pem.readPublicKey(read(dir, PLATFORM_PUBLIC)),
                    Pem.readPrivateKey(read(dir, PLATFORM_CERT_KEY)),
                    PlatformCert.readPem(read(dir, PLATFORM_CERT)),
                    read(dir, APIV3_KEY).trim(),
                    read(dir, MINI_SECRET).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read WeChat sandbox keys under " + dir, e);
        }
    }

    /**
     * Ensures the RSA key pair {@code privateName} (PKCS#8, mode 600) / {@code publicName} (SPKI)
     * under {@code dir}, creating it when either file is missing, and reads it; for other
     * providers' keys beside WeChat's (the same lock, the same file discipline).
     */
    public static KeyPair pair(Path dir, String privateName, String publicName) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    ensurePair(dir, privateName, publicName);
                } finally {
                    lock.release();
                }
            }
            return new KeyPair(Pem.readPublicKey(read(dir, publicName)), Pem.readPrivateKey(read(dir, privateName)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the key pair " + privateName + " under " + dir, e);
        }
    }

    private static void ensurePair(Path dir, String privateName, String publicName) throws IOException {
        if (Files.exists(dir.resolve(privateName)) && Files.exists(dir.resolve(publicName))) {
            return;
        }
        KeyPair pair = rsa2048();
        write(dir.resolve(privateName), Pem.privateKey(pair.getPrivate()), true);
        write(dir.resolve(publicName), Pem.publicKey(pair.getPublic()), false);
    }

    private static void ensureCertificate(Path dir) throws IOException {
        if (Files.exists(dir.resolve(PLATFORM_CERT_KEY)) && Files.exists(dir.resolve(PLATFORM_CERT))) {
            return;
        }
        KeyPair pair = rsa2048();
        write(dir.resolve(PLATFORM_CERT_KEY), Pem.privateKey(pair.getPrivate()), true);
        write(dir.resolve(PLATFORM_CERT), PlatformCert.pem(PlatformCert.issue(pair)), false);
    }

    private static void ensureSecret(Path file, String value) throws IOException {
        if (!Files.exists(file)) {
            write(file, value + "\n", true);
        }
    }

    private static KeyPair rsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is always available", e);
        }
    }

    /** Writes through a temp file so a reader never sees half a key; secrets are 600 from the start. */
    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            setMode(tmp, secret ? "rw-------" : "rw-r--r--");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void setMode(Path file, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's ACL is all there is
        }
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }
}
