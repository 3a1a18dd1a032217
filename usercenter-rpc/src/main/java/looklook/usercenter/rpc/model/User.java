package looklook.usercenter.rpc.model;

/** A row of {@code user}; {@code password} holds the bcrypt hash (empty for WeChat-only users). */
public record User(long id, String mobile, String password, String nickname, long sex, String avatar, String info) {
}
