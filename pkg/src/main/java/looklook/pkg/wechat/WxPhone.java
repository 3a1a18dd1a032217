package looklook.pkg.wechat;

/** The phone number a user shared ({@code wx.getPhoneNumber}), decrypted and checked against our AppId. */
public record WxPhone(String phoneNumber, String purePhoneNumber, String countryCode) {
}
