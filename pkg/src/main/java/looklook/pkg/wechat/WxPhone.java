package looklook.pkg.wechat;

/** The phone number a user shared with the getPhoneNumber button, as WeChat verified it, checked against our AppId. */
public record WxPhone(String phoneNumber, String purePhoneNumber, String countryCode) {
}
