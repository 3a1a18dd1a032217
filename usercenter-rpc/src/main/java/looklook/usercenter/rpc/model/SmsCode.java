package looklook.usercenter.rpc.model;

/** The newest code of a mobile, with the database's view of its age ({@code live}: unexpired and unused). */
public record SmsCode(long id, String mobile, String codeHash, int wrongTries, boolean live) {
}
