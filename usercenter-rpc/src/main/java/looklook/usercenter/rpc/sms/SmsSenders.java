package looklook.usercenter.rpc.sms;

import looklook.usercenter.rpc.config.SmsConf;

/** The sender {@code Sms.Provider} names. */
public final class SmsSenders {
    private SmsSenders() {
    }

    /** A sender for {@code conf}; SmsConf has already refused a provider this build does not have. */
    public static SmsSender of(SmsConf conf) {
        return switch (conf.provider()) {
            case SmsConf.SANDBOX -> new SandboxSmsSender(conf.baseUrl(), conf.timeout());
            default -> throw new IllegalArgumentException("Sms.Provider: " + conf.provider());
        };
    }
}
