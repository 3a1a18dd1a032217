package looklook.usercenter.rpc.sms;

import looklook.usercenter.rpc.config.SmsConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sender {@code Sms.Provider} names. */
public final class SmsSenders {
    private static final Logger log = LoggerFactory.getLogger(SmsSenders.class);

    private SmsSenders() {
    }

    /** A sender for {@code conf}; SmsConf has already refused a provider this build does not have. */
    public static SmsSender of(SmsConf conf) {
        // an operator reads where the codes go at start, as each process logs its WeChat endpoints
        log.info("sms provider {} at {} (sandbox {})", conf.provider(), conf.baseUrl(), conf.sandbox());
        return switch (conf.provider()) {
            case SmsConf.SANDBOX -> new SandboxSmsSender(conf.baseUrl(), conf.timeout());
            default -> throw new IllegalArgumentException("Sms.Provider: " + conf.provider());
        };
    }
}
