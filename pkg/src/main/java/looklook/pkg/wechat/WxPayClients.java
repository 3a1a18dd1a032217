package looklook.pkg.wechat;

import static java.util.Objects.requireNonNull;

import com.wechat.pay.java.core.Config;
import com.wechat.pay.java.core.RSAAutoCertificateConfig;
import com.wechat.pay.java.core.RSAConfig;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.certificate.InMemoryCertificateProvider;
import com.wechat.pay.java.core.cipher.RSAVerifier;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSACombinedNotificationConfig;
import com.wechat.pay.java.core.notification.RSANotificationConfig;
import com.wechat.pay.java.core.notification.RequestParam;
import com.wechat.pay.java.core.util.PemUtil;
import com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension;
import com.wechat.pay.java.service.payments.jsapi.JsapiService;
import com.wechat.pay.java.service.payments.jsapi.JsapiServiceExtension;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.refund.RefundService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The official WeChat Pay v3 SDK (wechatpay-java), configured once per process from
 * {@link WxPayConf}. Calls are verified with the WeChat Pay public key when one is configured
 * ({@code RSAPublicKeyConfig}: every request names its id in {@code Wechatpay-Serial}, so during
 * WeChat's migration from certificate to public key the answers come signed with the key), else with
 * the platform certificate ({@code RSAConfig} with a deployed file, or {@code RSAAutoCertificateConfig}
 * downloading it). Notifies are verified with whatever is configured, both at once during the
 * migration ({@code RSACombinedNotificationConfig}, or the same verifier over a deployed certificate),
 * since WeChat then signs them with either. Every service shares one OkHttp client; with a BaseUrl it
 * carries the {@link BaseUrlInterceptor} so the unmodified SDK talks to the sandbox.
 * <p>
 * The SDK keeps downloaded certificates in one JVM-wide registry per merchant id: two clients in
 * {@code auto} mode for the same merchant in one JVM share (the later one's) certificates.
 */
public final class WxPayClients {
    private static final Duration BILL_DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);
    private final WxPayConf conf;
    private final Config config;
    private final HttpClient httpClient;
    private final JsapiServiceExtension jsapiExtension;
    private final JsapiService jsapi;
    private final NativePayService nativePay;
    private final RefundService refunds;
    private final NotificationParser notifications;
    private final BillDownloadServiceExtension bills;

    private WxPayClients(WxPayConf conf, List<Interceptor> extraInterceptors) {
        this.conf = requireNonNull(conf, "conf");
        OkHttpClient.Builder ok = new OkHttpClient.Builder()
                // WeChat closes idle connections after 8 s; reusing one it just closed costs a retry
                .connectionPool(new ConnectionPool(5, 7, TimeUnit.SECONDS))
                .connectTimeout(conf.timeout(), TimeUnit.MILLISECONDS)
                .readTimeout(conf.timeout(), TimeUnit.MILLISECONDS)
                .writeTimeout(conf.timeout(), TimeUnit.MILLISECONDS)
                // the whole call too: a peer that trickles bytes would otherwise hold a thread forever
                .callTimeout(conf.timeout(), TimeUnit.MILLISECONDS)
                // HTTP/2 lower-cases header names and the SDK reads Wechatpay-* case-sensitively
                .protocols(List.of(Protocol.HTTP_1_1));
        if (!conf.baseUrl().isEmpty()) {
            ok.addInterceptor(new BaseUrlInterceptor(conf.baseUrl()));
        }
        extraInterceptors.forEach(ok::addInterceptor);
        OkHttpClient calls = ok.build();
        this.config = apiConfig(conf, calls);
        this.httpClient = new DefaultHttpClientBuilder().config(config).okHttpClient(calls).build();
        // a day's bill may take longer to download than a call may take: the same client, a longer bound
        HttpClient billClient = new DefaultHttpClientBuilder().config(config)
                .okHttpClient(calls.newBuilder().callTimeout(BILL_DOWNLOAD_TIMEOUT).readTimeout(BILL_DOWNLOAD_TIMEOUT).build()).build();
        this.jsapiExtension = new JsapiServiceExtension.Builder().config(config).httpClient(httpClient).build();
        this.jsapi = new JsapiService.Builder().httpClient(httpClient).build();
        this.nativePay = new NativePayService.Builder().httpClient(httpClient).build();
        this.refunds = new RefundService.Builder().httpClient(httpClient).build();
        this.notifications = notificationParser(conf, config, httpClient);
        // httpClient after config: config alone would build a client without the BaseUrl interceptor
        this.bills = new BillDownloadServiceExtension.Builder().config(config).httpClient(billClient).build();
    }

    /** The config that signs our requests and verifies WeChat's answers. */
    private static Config apiConfig(WxPayConf conf, OkHttpClient calls) {
        if (conf.hasPublicKey()) {
            return publicKeyConfig(conf);
        }
        if (conf.certMode() == PlatformCertMode.FILE) {
            return new RSAConfig.Builder().merchantId(conf.mchId()).privateKeyFromPath(conf.privateKeyPath())
                    .merchantSerialNumber(conf.serialNo()).wechatPayCertificatesFromPath(conf.platformCertPath()).build();
        }
        // the download goes through our OkHttp client (BaseUrl, timeouts); the SDK checks it by the AEAD under the APIv3 key
        return new RSAAutoCertificateConfig.Builder().merchantId(conf.mchId()).privateKeyFromPath(conf.privateKeyPath())
                .merchantSerialNumber(conf.serialNo()).apiV3Key(conf.apiV3Key())
                .httpClientBuilder(new DefaultHttpClientBuilder().okHttpClient(calls)).build();
    }

    private static RSAPublicKeyConfig publicKeyConfig(WxPayConf conf) {
        return new RSAPublicKeyConfig.Builder()
                .merchantId(conf.mchId())
                .privateKeyFromPath(conf.privateKeyPath())
                .merchantSerialNumber(conf.serialNo())
                .publicKeyFromPath(conf.publicKeyPath())
                .publicKeyId(conf.publicKeyId())
                .apiV3Key(conf.apiV3Key())
                .build();
    }

    /** The parser that verifies notifies with every way of verifying WeChat that is configured. */
    private static NotificationParser notificationParser(WxPayConf conf, Config api, HttpClient httpClient) {
        PlatformCertMode cert = conf.certMode();
        if (!conf.hasPublicKey()) {
            return cert == PlatformCertMode.AUTO
                    ? new NotificationParser((RSAAutoCertificateConfig) api)
                    : new NotificationParser(new RSANotificationConfig.Builder().certificatesFromPath(conf.platformCertPath())
                            .apiV3Key(conf.apiV3Key()).build());
        }
        RSAPublicKeyConfig publicKey = (RSAPublicKeyConfig) api;
        return switch (cert) {
            case OFF -> new NotificationParser(publicKey);
            case AUTO -> new NotificationParser(new RSACombinedNotificationConfig.Builder().merchantId(conf.mchId())
                    .privateKeyFromPath(conf.privateKeyPath()).merchantSerialNumber(conf.serialNo())
                    .publicKeyFromPath(conf.publicKeyPath()).publicKeyId(conf.publicKeyId()).apiV3Key(conf.apiV3Key())
                    .httpClient(httpClient).build());
            // what RSACombinedNotificationConfig does, over the deployed certificate instead of a download
            case FILE -> new NotificationParser(
                    Map.of(publicKey.getSignType(), new RSAVerifier(PemUtil.loadPublicKeyFromPath(conf.publicKeyPath()),
                            conf.publicKeyId(), new InMemoryCertificateProvider(
                                    List.of(PemUtil.loadX509FromPath(conf.platformCertPath()))))),
                    Map.of(publicKey.getCipherType(), publicKey.createAeadCipher()));
        };
    }

    /** Builds the SDK objects; call once per process and share the result. */
    public static WxPayClients create(WxPayConf conf) {
        return new WxPayClients(conf, List.of());
    }

    /**
     * As {@link #create(WxPayConf)}, with more OkHttp application interceptors running after the
     * BaseUrl rewrite (tests use one to tamper with signed requests).
     */
    public static WxPayClients create(WxPayConf conf, List<Interceptor> extraInterceptors) {
        return new WxPayClients(conf, List.copyOf(extraInterceptors));
    }

    public WxPayConf conf() {
        return conf;
    }

    /** The SDK config (signer, verifier, AEAD cipher). */
    public Config config() {
        return config;
    }

    /** The signing, verifying HTTP client every service below uses. */
    public HttpClient httpClient() {
        return httpClient;
    }

    /** JSAPI prepay that also returns what {@code wx.requestPayment} needs. */
    public JsapiServiceExtension jsapiExtension() {
        return jsapiExtension;
    }

    /** Plain JSAPI: prepay, query, close. */
    public JsapiService jsapi() {
        return jsapi;
    }

    /** Native (QR code) pay: prepay, query, close. */
    public NativePayService nativePay() {
        return nativePay;
    }

    /** Refund create and query. */
    public RefundService refunds() {
        return refunds;
    }

    /** The daily trade bill: where to get it, and the file, hash-checked by the caller. */
    public BillDownloadServiceExtension bills() {
        return bills;
    }

    /** Verifies and decrypts notifies. */
    public NotificationParser notifications() {
        return notifications;
    }

    /**
     * Verifies a notify's signature (platform public key, {@code Wechatpay-*} headers) and decrypts
     * its resource into {@code type} (e.g. {@code Transaction}, {@code RefundNotification}). Throws
     * the SDK's {@code ValidationException} for a bad signature, including WeChat's probes.
     * {@code header} looks a request header up by name (case-insensitively, as servers do).
     */
    public <T> T parseNotify(UnaryOperator<String> header, String body, Class<T> type) {
        RequestParam param = new RequestParam.Builder()
                .serialNumber(header.apply("Wechatpay-Serial"))
                .nonce(header.apply("Wechatpay-Nonce"))
                .signature(header.apply("Wechatpay-Signature"))
                .timestamp(header.apply("Wechatpay-Timestamp"))
                .signType(header.apply("Wechatpay-Signature-Type"))
                .body(body)
                .build();
        return notifications.parse(param, type);
    }
}
