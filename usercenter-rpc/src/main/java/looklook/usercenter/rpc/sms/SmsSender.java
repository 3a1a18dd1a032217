package looklook.usercenter.rpc.sms;

/**
 * Texts a message to a mobile through an SMS provider. One implementation per provider; which one
 * runs is the {@code Sms.Provider} config key (see {@link SmsSenders}).
 */
public interface SmsSender {
    /** Sends {@code text} to {@code mobile}; throws when the provider did not accept it. */
    void send(String mobile, String text) throws Exception;
}
