package looklook.usercenter.rpc.model;

/**
 * A row of {@code user}; {@code password} holds the bcrypt hash (empty for WeChat-only users);
 * {@code mobileVerified} says the mobile's holder proved it (SMS code or WeChat's verified phone).
 */
public record User(long id, String mobile, boolean mobileVerified, String password, String nickname, long sex,
                   String avatar, String info) {
}
