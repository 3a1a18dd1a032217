package looklook.usercenter.rpc.model;

/** A row of {@code user_auth}: one way {@code userId} logs in. */
public record UserAuth(long id, long userId, String authType, String authKey) {
}
