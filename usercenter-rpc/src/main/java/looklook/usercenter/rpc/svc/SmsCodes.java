package looklook.usercenter.rpc.svc;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.log.Mask;
import looklook.pkg.store.ReadCommitted;
import looklook.usercenter.rpc.model.SmsCode;
import looklook.usercenter.rpc.model.SmsCodeModel;
import looklook.usercenter.rpc.sms.SmsSender;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS codes that prove a caller holds a mobile. The rules are decided from the rows in
 * {@code sms_code} under a per-mobile lock, never from the user table, so the answer is the same
 * for a registered mobile and an unknown one.
 */
public final class SmsCodes {
    /** A code lives five minutes. */
    public static final long TTL_SECONDS = 300;
    /** At most one code a minute per mobile... */
    public static final long RESEND_SECONDS = 60;
    /** ...and five an hour. */
    public static final int PER_HOUR = 5;
    /** The third wrong guess burns the code: with five codes an hour, fifteen guesses in a million. */
    public static final int MAX_WRONG_TRIES = 3;

    private static final Logger log = LoggerFactory.getLogger(SmsCodes.class);

    private enum Check { OK, WRONG, NONE }

    private final Jdbi jdbi;
    private final SmsSender sender;
    private final SecretKeySpec hmacKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SmsCodes(Jdbi jdbi, SmsSender sender, String secret, Clock clock) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        this.sender = requireNonNull(sender, "sender");
        // its own key, derived from the JWT secret by a label, so one leaked hash table tells nothing about tokens
        this.hmacKey = new SecretKeySpec(hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                "looklook sms code key"), "HmacSHA256");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Texts a new code to {@code mobile} (older codes die) and returns when the next may be asked for. */
    public long send(String mobile) {
        String code = String.format("%06d", random.nextInt(1_000_000));
        // READ COMMITTED: the mobile's lock row serialises what must be; REPEATABLE READ would add gap
        // locks on sms_code's index that make requests for neighbouring mobiles deadlock
        ReadCommitted.useTransaction(jdbi, h -> {
            SmsCodeModel m = h.attach(SmsCodeModel.class);
            m.lockMobile(mobile);
            if (m.countSentWithin(mobile, RESEND_SECONDS) > 0 || m.countSentWithin(mobile, 3600) >= PER_HOUR) {
                throw new BizException(ErrorCode.SMS_CODE_TOO_FREQUENT);
            }
            m.supersede(mobile);
            m.insert(mobile, hash(mobile, code), TTL_SECONDS);
        });
        try {
            sender.send(mobile, "[looklook] Your verification code is " + code + ". It expires in "
                    + TTL_SECONDS / 60 + " minutes. Do not share it with anyone.");
        } catch (Exception e) {
            // the code stays counted: a failing provider must not let a caller spin the limits
            throw new BizException(ErrorCode.SMS_SEND_FAILED, "sms to " + Mask.mobile(mobile) + ": " + e, e);
        }
        log.info("sms code sent to {}", Mask.mobile(mobile));
        return clock.instant().getEpochSecond() + RESEND_SECONDS;
    }

    /**
     * Uses the mobile's newest code if {@code code} is it; otherwise counts a wrong try (committed
     * even though the call fails) and throws 110008, the same for wrong, expired, used and no code.
     */
    public void consume(String mobile, String code) {
        Check result = ReadCommitted.inTransaction(jdbi, h -> {
            SmsCodeModel m = h.attach(SmsCodeModel.class);
            m.lockMobile(mobile);
            SmsCode newest = m.newest(mobile).orElse(null);
            if (newest == null || !newest.live()) {
                return Check.NONE;
            }
            if (!MessageDigest.isEqual(newest.codeHash().getBytes(StandardCharsets.US_ASCII),
                    hash(mobile, code).getBytes(StandardCharsets.US_ASCII))) {
                m.addWrongTry(newest.id(), MAX_WRONG_TRIES);
                return Check.WRONG;
            }
            m.markUsed(newest.id());
            return Check.OK;
        });
        if (result != Check.OK) {
            log.info("sms code refused for {} ({})", Mask.mobile(mobile), result);
            throw new BizException(ErrorCode.SMS_CODE_INVALID);
        }
    }

    private String hash(String mobile, String code) {
        return HexFormat.of().formatHex(hmac(hmacKey, mobile + ":" + code));
    }

    private static byte[] hmac(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
