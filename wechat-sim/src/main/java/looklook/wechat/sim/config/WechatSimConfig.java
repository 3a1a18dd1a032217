package looklook.wechat.sim.config;

import java.nio.file.Path;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.wechat.sim.bill.BillSchedule;

/**
 * {@code etc/wechat-sim.yaml}. {@code TimeFactor} scales every WeChat delay the simulator plays
 * (notify retries, refund settlement, the one-minute floor of time_expire, the two-hour life of a
 * prepay_id or code_url): 1 is real time, 0.001
 * turns WeChat's 15 s first retry into 15 ms. {@code NotifyTimeout} (ms, unscaled) is how long a
 * merchant may take to answer a notify. {@code BillsReadyAt} is when a day's trade bill can be
 * had: "HH:mm" China time the next day (WeChat: 10:00, the default) or "now" for every day's bill
 * at once, today's included (tests). {@code StrictNotifyUrl} adds production WeChat's demands on a
 * notify_url (https, a public host) to its pattern check; off by default, since a local mesh is
 * called back on 127.0.0.1.
 */
public record WechatSimConfig(
        String name,
        @OptionalKey String host,
        Integer port,
        @OptionalKey DevServerConf devServer,
        String keyDir,
        @OptionalKey Double timeFactor,
        @OptionalKey Long notifyTimeout,
        @OptionalKey Long refundDelay,
        @OptionalKey String billsReadyAt,
        @OptionalKey Boolean strictNotifyUrl,
        PayConf pay,
        MiniProgramConf miniProgram) {

    public WechatSimConfig {
        host = host == null ? "127.0.0.1" : host;
        timeFactor = timeFactor == null ? 1.0 : timeFactor;
        notifyTimeout = notifyTimeout == null ? 5_000L : notifyTimeout;
        refundDelay = refundDelay == null ? 3_000L : refundDelay;
        billsReadyAt = billsReadyAt == null ? BillSchedule.DEFAULT : billsReadyAt;
        strictNotifyUrl = strictNotifyUrl != null && strictNotifyUrl;
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("Port: " + port + " (expected 0..65535)");
        }
        if (timeFactor <= 0 || timeFactor > 1000) {
            throw new IllegalArgumentException("TimeFactor: " + timeFactor + " (expected > 0 and <= 1000)");
        }
        if (notifyTimeout <= 0) {
            throw new IllegalArgumentException("NotifyTimeout: " + notifyTimeout + " (expected > 0 ms)");
        }
        if (refundDelay < 0) {
            throw new IllegalArgumentException("RefundDelay: " + refundDelay + " (expected >= 0 ms)");
        }
        try {
            BillSchedule.parse(billsReadyAt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("BillsReadyAt: " + e.getMessage(), e);
        }
    }

    /**
     * The merchant account the simulator knows: requests from any other mchid are refused.
     * {@code RefundNotifyUrl} is the refund callback the merchant configured on WeChat's merchant
     * platform, used for a refund requested without notify_url (none: no notify).
     */
    public record PayConf(String mchId, String merchantSerialNo, String publicKeyId, @OptionalKey String refundNotifyUrl) {
        public PayConf {
            refundNotifyUrl = refundNotifyUrl == null || refundNotifyUrl.isBlank() ? null : refundNotifyUrl;
            if (publicKeyId != null && !publicKeyId.startsWith("PUB_KEY_ID_")) {
                throw new IllegalArgumentException("Pay.PublicKeyId: " + publicKeyId + " (expected PUB_KEY_ID_...)");
            }
        }
    }

    /**
     * The mini program bound to the merchant. Without {@code Secret} the one generated under
     * {@code KeyDir} is used; {@code TokenExpire} is the access token lifetime in seconds.
     */
    public record MiniProgramConf(String appId, @OptionalKey String secret, @OptionalKey Long tokenExpire) {
        public MiniProgramConf {
            secret = secret == null || secret.isBlank() ? null : secret;
            tokenExpire = tokenExpire == null ? 7_200L : tokenExpire;
        }
    }

    /** A simulator on a free port with its keys under {@code keyDir}, for tests. */
    public static WechatSimConfig forTest(Path keyDir, double timeFactor) {
        return new WechatSimConfig("wechat-sim", "127.0.0.1", 0, null, keyDir.toString(), timeFactor, 5_000L, 0L, null,
                false, new PayConf("1900000109", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                        "PUB_KEY_ID_0119000001092025010100000000000001", null),
                new MiniProgramConf("wx8888888888888888", null, null));
    }

    /** A copy with another notify timeout (tests of slow receivers). */
    public WechatSimConfig withNotifyTimeout(long ms) {
        return new WechatSimConfig(name, host, port, devServer, keyDir, timeFactor, ms, refundDelay, billsReadyAt,
                strictNotifyUrl, pay, miniProgram);
    }

    /** A copy with another {@code BillsReadyAt} ("now" for tests that reconcile today). */
    public WechatSimConfig withBillsReadyAt(String readyAt) {
        return new WechatSimConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay, readyAt,
                strictNotifyUrl, pay, miniProgram);
    }

    /** A copy that checks notify URLs as production WeChat does (https, a public host). */
    public WechatSimConfig withStrictNotifyUrl() {
        return new WechatSimConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay,
                billsReadyAt, true, pay, miniProgram);
    }

    /** A copy whose merchant has configured {@code url} as its refund callback on the merchant platform. */
    public WechatSimConfig withRefundNotifyUrl(String url) {
        return new WechatSimConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay,
                billsReadyAt, strictNotifyUrl, new PayConf(pay.mchId(), pay.merchantSerialNo(), pay.publicKeyId(), url),
                miniProgram);
    }
}
