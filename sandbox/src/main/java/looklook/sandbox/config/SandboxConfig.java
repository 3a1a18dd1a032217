package looklook.sandbox.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.wechat.TemplateKeywords;
import looklook.sandbox.bill.BillSchedule;
import looklook.sandbox.signing.SigningMode;

/**
 * {@code etc/sandbox.yaml}. {@code TimeFactor} scales every WeChat delay the simulator plays
 * (notify retries, refund settlement, the one-minute floor of time_expire, the two-hour life of a
 * prepay_id or code_url): 1 is real time, 0.001
 * turns WeChat's 15 s first retry into 15 ms. {@code NotifyTimeout} (ms, unscaled) is how long a
 * merchant may take to answer a notify. {@code BillsReadyAt} is when a day's trade bill can be
 * had: "HH:mm" China time the next day (WeChat: 10:00, the default) or "now" for every day's bill
 * at once, today's included (tests). {@code StrictNotifyUrl} adds production WeChat's demands on a
 * notify_url (https, a public host) to its pattern check; off by default, since a local mesh is
 * called back on 127.0.0.1. {@code SigningMode} is how WeChat identifies itself: {@code public_key}
 * (the default), {@code certificate} or {@code migration} (see {@link SigningMode}).
 */
public record SandboxConfig(
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
        @OptionalKey String signingMode,
        PayConf pay,
        MiniProgramConf miniProgram,
        @OptionalKey AlipayConf alipay) {

    public SandboxConfig {
        host = host == null ? "127.0.0.1" : host;
        timeFactor = timeFactor == null ? 1.0 : timeFactor;
        notifyTimeout = notifyTimeout == null ? 5_000L : notifyTimeout;
        refundDelay = refundDelay == null ? 3_000L : refundDelay;
        billsReadyAt = billsReadyAt == null ? BillSchedule.DEFAULT : billsReadyAt;
        strictNotifyUrl = strictNotifyUrl != null && strictNotifyUrl;
        alipay = alipay == null ? AlipayConf.SANDBOX : alipay;
        signingMode = signingMode == null || signingMode.isBlank() ? SigningMode.PUBLIC_KEY.configName() : signingMode;
        try {
            SigningMode.parse(signingMode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SigningMode: " + signingMode + " (expected public_key, certificate or migration)", e);
        }
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
     * The merchant's Alipay application: {@code AppId} (16 digits, the open platform's app id) and
     * {@code SellerId} (the merchant's PID, {@code 2088} and 12 digits). Its keys live under
     * {@code KeyDir} (alipay_*.pem). Absent: {@link #SANDBOX}.
     */
    public record AlipayConf(String appId, String sellerId) {
        /** The sandbox merchant etc/sandbox.yaml names. */
        public static final AlipayConf SANDBOX = new AlipayConf("2021000000000001", "2088000000000001");

        public AlipayConf {
            if (appId == null || !appId.matches("\\d{16}")) {
                throw new IllegalArgumentException("Alipay.AppId: " + appId + " (expected 16 digits, e.g. 2021000000000001)");
            }
            if (sellerId == null || !sellerId.matches("2088\\d{12}")) {
                throw new IllegalArgumentException("Alipay.SellerId: " + sellerId + " (expected 2088 and 12 digits)");
            }
        }
    }

    /**
     * The mini program bound to the merchant. Without {@code Secret} the one generated under
     * {@code KeyDir} is used; {@code TokenExpire} is the access token lifetime in seconds;
     * {@code Templates} are the subscribe-message templates added in its console (absent: looklook's
     * two, {@link TemplateConf#LOOKLOOK}).
     */
    public record MiniProgramConf(String appId, @OptionalKey String secret, @OptionalKey Long tokenExpire,
                                  @OptionalKey List<TemplateConf> templates) {
        public MiniProgramConf {
            secret = secret == null || secret.isBlank() ? null : secret;
            tokenExpire = tokenExpire == null ? 7_200L : tokenExpire;
            templates = List.copyOf(templates == null ? TemplateConf.LOOKLOOK : templates);
            Set<String> ids = new HashSet<>();
            for (TemplateConf t : templates) {
                if (!ids.add(t.id())) {
                    throw new IllegalArgumentException("MiniProgram.Templates: id " + t.id() + " listed twice");
                }
            }
        }
    }

    /**
     * One subscribe-message template: its id, a title, and its keywords (key -> label) in order.
     * WeChat names a keyword by its type and position ({@code thing1}, {@code date4}), so the key
     * gives the type whose values the simulator accepts ({@link TemplateKeywords#of}).
     */
    public record TemplateConf(String id, @OptionalKey String title, Map<String, String> keywords) {
        /** looklook's two templates, as etc/sandbox.yaml and etc/mqueue-job.yaml name them by default. */
        public static final List<TemplateConf> LOOKLOOK = List.of(
                new TemplateConf("tpl-order-pay-success", "Order paid", orderedMap(
                        "character_string6", "Order number", "thing1", "Homestay", "amount2", "Amount paid",
                        "date4", "Check-in date", "date5", "Check-out date")),
                new TemplateConf("tpl-order-check-in", "Check-in reminder", orderedMap(
                        "date2", "Check-in date", "date3", "Check-out date", "character_string4", "Check-in code",
                        "thing1", "Note")));

        public TemplateConf {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("Id: empty (expected the template id)");
            }
            keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords == null ? Map.of() : keywords));
            try {
                TemplateKeywords.of(List.copyOf(keywords.keySet()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("template " + id + ": " + e.getMessage(), e);
            }
        }

        /** The keywords as WeChat checks them. */
        public TemplateKeywords keywordTypes() {
            return TemplateKeywords.of(List.copyOf(keywords.keySet()));
        }

        private static Map<String, String> orderedMap(String... keyLabel) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < keyLabel.length; i += 2) {
                m.put(keyLabel[i], keyLabel[i + 1]);
            }
            return m;
        }
    }

    /** A simulator on a free port with its keys under {@code keyDir}, for tests. */
    public static SandboxConfig forTest(Path keyDir, double timeFactor) {
        return new SandboxConfig("sandbox", "127.0.0.1", 0, null, keyDir.toString(), timeFactor, 5_000L, 0L, null,
                false, null, new PayConf("1900000109", "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
                        "PUB_KEY_ID_0119000001092025010100000000000001", null),
                new MiniProgramConf("wx8888888888888888", null, null, null), AlipayConf.SANDBOX);
    }

    /** A copy with another notify timeout (tests of slow receivers). */
    public SandboxConfig withNotifyTimeout(long ms) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, ms, refundDelay, billsReadyAt,
                strictNotifyUrl, signingMode, pay, miniProgram, alipay);
    }

    /** A copy whose mini program has {@code templates} (tests of other keyword types). */
    public SandboxConfig withTemplates(List<TemplateConf> templates) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay, billsReadyAt,
                strictNotifyUrl, signingMode, pay, new MiniProgramConf(miniProgram.appId(), miniProgram.secret(), miniProgram.tokenExpire(),
                templates), alipay);
    }

    /** A copy whose refunds settle {@code ms} (x TimeFactor) after they are accepted (tests that see PROCESSING). */
    public SandboxConfig withRefundDelay(long ms) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, ms, billsReadyAt,
                strictNotifyUrl, signingMode, pay, miniProgram, alipay);
    }

    /** A copy with another {@code BillsReadyAt} ("now" for tests that reconcile today). */
    public SandboxConfig withBillsReadyAt(String readyAt) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay, readyAt,
                strictNotifyUrl, signingMode, pay, miniProgram, alipay);
    }

    /** A copy that checks notify URLs as production WeChat does (https, a public host). */
    public SandboxConfig withStrictNotifyUrl() {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay,
                billsReadyAt, true, signingMode, pay, miniProgram, alipay);
    }

    /** A copy whose merchant has configured {@code url} as its refund callback on the merchant platform. */
    public SandboxConfig withRefundNotifyUrl(String url) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay,
                billsReadyAt, strictNotifyUrl, signingMode, new PayConf(pay.mchId(), pay.merchantSerialNo(), pay.publicKeyId(), url),
                miniProgram, alipay);
    }

    /** A copy signing in another mode ({@code public_key}, {@code certificate}, {@code migration}). */
    public SandboxConfig withSigningMode(String mode) {
        return new SandboxConfig(name, host, port, devServer, keyDir, timeFactor, notifyTimeout, refundDelay, billsReadyAt,
                strictNotifyUrl, mode, pay, miniProgram, alipay);
    }

    /** The signing mode, parsed. */
    public SigningMode signing() {
        return SigningMode.parse(signingMode);
    }
}
