package looklook.sandbox.mini;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import looklook.sandbox.crypto.Nonces;

/** wx.login codes: each maps to an openid and a fresh session_key, lives 5 minutes, and can be exchanged once. */
public final class Sessions {
    private static final Duration CODE_TTL = Duration.ofMinutes(5);

    /** A minted code's session. */
    public record Session(String code, String openid, String sessionKey, Instant expires) {
    }

    /** The outcome of an exchange: a session, or WeChat's errcode (40029 unknown or expired, 40163 used). */
    public record Exchange(Session session, int errcode, String errmsg) {
    }

    private final Map<String, Session> fresh = new HashMap<>();
    private final Map<String, Session> used = new HashMap<>();
    private final Set<String> openids = new HashSet<>();

    /** A new code for {@code openid} with a new 16-byte session key. */
    public synchronized Session mint(String openid, Instant now) {
        Session s = new Session(Nonces.urlSafe(32), openid,
                Base64.getEncoder().encodeToString(Nonces.bytes(16)), now.plus(CODE_TTL));
        fresh.put(s.code(), s);
        openids.add(openid);
        return s;
    }

    /**
     * Whether this app ever handed out {@code openid} (a user of the mini program logged in): an
     * openid is per app, so one the app never issued is another app's user or made up.
     */
    public synchronized boolean issued(String openid) {
        return openid != null && openids.contains(openid);
    }

    /** Exchanges {@code code} for its session; a second exchange of the same code fails. */
    public synchronized Exchange exchange(String code, Instant now) {
        if (code != null && used.containsKey(code)) {
            return new Exchange(null, 40163, "code been used");
        }
        Session s = code == null ? null : fresh.remove(code);
        if (s == null || now.isAfter(s.expires())) {
            return new Exchange(null, 40029, "invalid code");
        }
        used.put(code, s);
        return new Exchange(s, 0, "ok");
    }
}
