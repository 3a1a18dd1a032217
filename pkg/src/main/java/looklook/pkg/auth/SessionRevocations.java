package looklook.pkg.auth;

/**
 * The sessions whose access tokens must stop working before they expire (logout, password reset,
 * a replayed refresh token). Every API consults it on each authenticated request.
 */
@FunctionalInterface
public interface SessionRevocations {
    /** For a process that only issues tokens and never accepts them (and for unit tests). */
    SessionRevocations NONE = sessionId -> false;

    /** True when the session was ended; a store that cannot answer throws (the request fails closed). */
    boolean isRevoked(String sessionId);
}
