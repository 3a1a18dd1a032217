package looklook.usercenter.rpc.model;

/** A stored refresh token's state, joined with its session. */
public record RefreshToken(String sessionId, long userId, boolean used, boolean expired, boolean revoked) {
}
