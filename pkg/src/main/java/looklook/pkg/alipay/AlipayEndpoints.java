package looklook.pkg.alipay;

import java.net.URI;
import looklook.pkg.conf.ConfException;
import looklook.pkg.wechat.WechatEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up gate on where a process talks to Alipay, the same rule as {@link WechatEndpoints}:
 * without {@code Sandbox: true} an {@code http://} gateway (signed requests in clear: a simulator or a
 * typo) and a notify URL Alipay could not call back (not https, loopback, private, link-local,
 * localhost) are refused, since such a config takes money whose notifies never arrive.
 */
public final class AlipayEndpoints {
    private static final Logger log = LoggerFactory.getLogger(AlipayEndpoints.class);

    private AlipayEndpoints() {
    }

    /** Checks Alipay's endpoints of {@code process} and logs them; a refusal names the key. */
    public static AlipayConf check(String process, AlipayConf conf) {
        if (!conf.sandbox()) {
            if (!"https".equalsIgnoreCase(URI.create(conf.gatewayUrl()).getScheme())) {
                throw new ConfException("AlipayConf.GatewayUrl: " + conf.gatewayUrl() + " is not https (Alipay's gateway is "
                        + "https; an http gateway is only for the local sandbox, with Sandbox: true)");
            }
            URI n;
            try {
                n = URI.create(conf.notifyUrl());
            } catch (IllegalArgumentException e) {
                throw new ConfException("AlipayConf.NotifyUrl: " + conf.notifyUrl() + " is not a URL");
            }
            if (!"https".equalsIgnoreCase(n.getScheme()) || n.getHost() == null) {
                throw new ConfException("AlipayConf.NotifyUrl: " + conf.notifyUrl()
                        + " (expected an https URL Alipay can call; Sandbox: true admits others)");
            }
            if (WechatEndpoints.internal(n.getHost())) {
                throw new ConfException("AlipayConf.NotifyUrl: " + conf.notifyUrl() + " names a host Alipay cannot reach "
                        + "(loopback, private or link-local; Sandbox: true admits it)");
            }
        }
        log.info("{} Alipay: app {}, seller {}, gateway {}, notify {}, sandbox {}", process, conf.appId(), conf.sellerId(),
                conf.gatewayUrl(), conf.notifyUrl(), conf.sandbox() ? "on" : "off");
        return conf;
    }
}
