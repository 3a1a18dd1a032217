package looklook.sandbox.mini;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import looklook.sandbox.crypto.Nonces;

/**
 * The codes the getPhoneNumber button hands a mini program (its "dynamic token"): each carries one
 * phone number for one app, lives 5 minutes and is exchanged once (getPhoneNumber doc: "每个 code
 * 只能使用一次,code 的有效期为 5min"). WeChat answers 40029 for an unknown, expired or used code
 * alike, so a used code is simply forgotten.
 */
public final class PhoneCodes {
    static final Duration TTL = Duration.ofMinutes(5);

    /** What a code stands for: the number, the app whose button issued it, and when the user tapped. */
    public record Phone(String number, String appid, Instant tappedAt) {
    }

    /** The outcome of an exchange: the phone, or 40029. */
    public record Exchange(Phone phone, int errcode) {
    }

    private record Issued(Phone phone, Instant expires) {
    }

    private final Map<String, Issued> fresh = new LinkedHashMap<>();

    /** A new code for {@code phone}, living from the tap. */
    public synchronized String mint(Phone phone) {
        forgetExpired(phone.tappedAt());
        String code = Nonces.urlSafe(64);
        fresh.put(code, new Issued(phone, phone.tappedAt().plus(TTL)));
        return code;
    }

    /** Exchanges {@code code} once; a second exchange, an unknown or an expired code is 40029. */
    public synchronized Exchange exchange(String code, Instant now) {
        Issued issued = code == null ? null : fresh.remove(code);
        if (issued == null || !now.isBefore(issued.expires())) {
            return new Exchange(null, 40029);
        }
        return new Exchange(issued.phone(), 0);
    }

    /** Codes are kept in issue order, so the expired ones are at the head. */
    private void forgetExpired(Instant now) {
        for (Iterator<Issued> it = fresh.values().iterator(); it.hasNext(); ) {
            if (now.isBefore(it.next().expires())) {
                return;
            }
            it.remove();
        }
    }
}
