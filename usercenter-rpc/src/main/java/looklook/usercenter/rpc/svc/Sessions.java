package looklook.usercenter.rpc.svc;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import looklook.pkg.auth.JwtTokens;
import looklook.pkg.auth.RedisSessionRevocations;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import looklook.pkg.store.ReadCommitted;
import looklook.usercenter.rpc.model.RefreshToken;
import looklook.usercenter.rpc.model.SessionModel;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login sessions: each login starts one, with a short access token (its {@code sid} claim names
 * the session) and a refresh token stored only as a hash. A refresh token is used once: refreshing
 * kills it and issues the next; presenting a used one again means two parties hold it, so the
 * whole session is revoked. Revoking a session writes Redis first, which every API checks, so
 * its access tokens stop working at once, then the database, which stops its refresh tokens.
 */
public final class Sessions {
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private static final Pattern REFRESH_TOKEN = Pattern.compile("[0-9A-Za-z_-]{43}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Why a session ended (user_session.revoke_reason). */
    public enum EndReason { LOGOUT, RESET, REUSE }

    /** What a login or a refresh answers. */
    public record Pair(JwtTokens.Token access, String refreshToken, long refreshExpire) {
    }

    private record Rotated(String sessionId, long userId, String next) {
    }

    private final Jdbi jdbi;
    private final JwtTokens tokens;
    private final RedisSessionRevocations revocations;
    private final long refreshExpireSeconds;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Sessions(Jdbi jdbi, JwtTokens tokens, RedisSessionRevocations revocations, long refreshExpireSeconds, Clock clock) {
        this.jdbi = requireNonNull(jdbi, "jdbi");
        this.tokens = requireNonNull(tokens, "tokens");
        this.revocations = requireNonNull(revocations, "revocations");
        this.refreshExpireSeconds = refreshExpireSeconds;
        this.clock = requireNonNull(clock, "clock");
    }

    /** Starts a session for {@code userId}. */
    public Pair start(long userId) {
        String sessionId = randomToken(16);
        String refresh = randomToken(32);
        jdbi.useTransaction(h -> {
            SessionModel m = h.attach(SessionModel.class);
            m.insertSession(sessionId, userId);
            m.insertRefreshToken(sha256(refresh), sessionId, refreshExpireSeconds);
        });
        return pair(userId, sessionId, refresh);
    }

    /** The next pair for a live refresh token; a used one revokes its session; any failure is 110012. */
    public Pair refresh(String refreshToken) {
        if (refreshToken == null || !REFRESH_TOKEN.matcher(refreshToken).matches()) {
            throw new BizException(ErrorCode.REFRESH_TOKEN_INVALID, "malformed refresh token");
        }
        String next = randomToken(32);
        // READ COMMITTED: the token's row lock is all the rotation needs; no gap locks for unknown tokens
        Rotated r = ReadCommitted.inTransaction(jdbi, h -> {
            SessionModel m = h.attach(SessionModel.class);
            RefreshToken t = m.findRefreshTokenForUpdate(sha256(refreshToken)).orElse(null);
            if (t == null || t.revoked() || t.expired()) {
                return null;
            }
            if (t.used()) {
                m.revokeSession(t.sessionId(), EndReason.REUSE.name().toLowerCase());
                return new Rotated(t.sessionId(), t.userId(), null);
            }
            m.markRefreshTokenUsed(sha256(refreshToken));
            m.insertRefreshToken(sha256(next), t.sessionId(), refreshExpireSeconds);
            return new Rotated(t.sessionId(), t.userId(), next);
        });
        if (r == null) {
            throw new BizException(ErrorCode.REFRESH_TOKEN_INVALID, "unknown, expired or revoked refresh token");
        }
        if (r.next() == null) {
            revocations.revoke(r.sessionId(), tokens.accessExpireSeconds());
            log.warn("refresh token replayed: session {} of user {} revoked", r.sessionId(), r.userId());
            throw new BizException(ErrorCode.REFRESH_TOKEN_INVALID, "replayed refresh token");
        }
        return pair(r.userId(), r.sessionId(), r.next());
    }

    /** The stored state of a refresh token, if it is one of ours (used or not). */
    public Optional<RefreshToken> lookup(String refreshToken) {
        if (refreshToken == null || !REFRESH_TOKEN.matcher(refreshToken).matches()) {
            return Optional.empty();
        }
        return jdbi.withExtension(SessionModel.class, m -> m.findRefreshToken(sha256(refreshToken)));
    }

    /** The owner of a session. */
    public Optional<Long> ownerOf(String sessionId) {
        return jdbi.withExtension(SessionModel.class, m -> m.ownerOf(sessionId));
    }

    /** Ends one session: its access tokens at once, its refresh tokens for good. */
    public void end(String sessionId, EndReason reason) {
        revocations.revoke(sessionId, tokens.accessExpireSeconds());
        jdbi.useExtension(SessionModel.class, m -> m.revokeSession(sessionId, reason.name().toLowerCase()));
        log.info("session {} ended ({})", sessionId, reason);
    }

    /**
     * Ends every live session of {@code userId} inside the caller's transaction (a Redis failure rolls
     * it back). The caller calls {@link #settled} after the commit and before it answers, so that its
     * locks are not held while every API's copy catches up.
     */
    public void endAll(Handle h, long userId, EndReason reason) {
        SessionModel m = h.attach(SessionModel.class);
        List<String> live = m.liveSessionsForUpdate(userId);
        revocations.revokeUnsettled(live, tokens.accessExpireSeconds());
        for (String sessionId : live) {
            m.revokeSession(sessionId, reason.name().toLowerCase());
        }
        log.info("user {}: {} sessions ended ({})", userId, live.size(), reason);
    }

    /** Returns once every API refuses the sessions {@link #endAll} ended. */
    public void settled() {
        revocations.settle();
    }

    private Pair pair(long userId, String sessionId, String refresh) {
        return new Pair(tokens.issue(userId, sessionId), refresh, clock.instant().getEpochSecond() + refreshExpireSeconds);
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return B64.encodeToString(b);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
