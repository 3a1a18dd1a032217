package looklook.sandbox.bill;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import looklook.sandbox.crypto.Nonces;

/**
 * Bill files waiting to be downloaded, by the token in their download_url. A token works for 5
 * minutes (WeChat's current doc; older pages say 30 s) and only for the merchant who asked.
 */
public final class BillFiles {
    /** How long a download_url works. */
    public static final Duration VALID = Duration.ofMinutes(5);

    /** One file as downloaded: {@code bytes} are gzip when {@code gzip}. */
    public record BillFile(String mchid, byte[] bytes, boolean gzip, Instant expiresAt) {
    }

    private final Map<String, BillFile> files = new ConcurrentHashMap<>();

    /** Keeps {@code file} and returns its token; forgets the expired ones. */
    public String put(BillFile file, Instant now) {
        files.values().removeIf(f -> now.isAfter(f.expiresAt()));
        String token = Nonces.urlSafe(64);
        files.put(token, file);
        return token;
    }

    /** The file behind {@code token} for {@code mchid}, while it is valid. */
    public Optional<BillFile> get(String token, String mchid, Instant now) {
        return Optional.ofNullable(token == null ? null : files.get(token))
                .filter(f -> f.mchid().equals(mchid) && !now.isAfter(f.expiresAt()));
    }
}
