package looklook.sandbox;

import static org.awaitility.Awaitility.await;

import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.jsapi.model.Amount;
import com.wechat.pay.java.service.payments.jsapi.model.Payer;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import looklook.pkg.wechat.WxMiniConf;
import looklook.pkg.wechat.WxPayClients;
import looklook.pkg.wechat.WxPayConf;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.crypto.SimKeys;
import okhttp3.Interceptor;

/** A running simulator plus what a merchant needs to talk to it through the official SDK. */
final class SimFixture implements AutoCloseable {
    private static final AtomicLong SEQ = new AtomicLong();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Sandbox sim;
    final Path keyDir;

    private SimFixture(Sandbox sim, Path keyDir) {
        this.sim = sim;
        this.keyDir = keyDir;
    }

    /** A simulator with keys under {@code keyDir}, WeChat delays scaled by 0.001. */
    static SimFixture start(Path keyDir) {
        return start(SandboxConfig.forTest(keyDir, 0.001));
    }

    static SimFixture start(SandboxConfig config) {
        return new SimFixture(Sandbox.start(config), Path.of(config.keyDir()));
    }

    /** The merchant's WxPay config pointing at this simulator. */
    WxPayConf payConf(String notifyUrl) {
        SandboxConfig.PayConf pay = sim.config().pay();
        return new WxPayConf(pay.mchId(), pay.merchantSerialNo(), keyDir.resolve(SimKeys.MERCHANT_PRIVATE).toString(),
                pay.publicKeyId(), keyDir.resolve(SimKeys.PLATFORM_PUBLIC).toString(), sim.keys().apiV3Key(), notifyUrl,
                notifyUrl, sim.baseUrl(), appId(), 3_000L);
    }

    WxPayClients pay(String notifyUrl) {
        return WxPayClients.create(payConf(notifyUrl));
    }

    WxPayClients pay(String notifyUrl, Interceptor tamper) {
        return WxPayClients.create(payConf(notifyUrl), List.of(tamper));
    }

    WxMiniConf miniConf() {
        return new WxMiniConf(appId(), sim.miniAppSecret(), sim.baseUrl(), 3_000L);
    }

    String appId() {
        return sim.config().miniProgram().appId();
    }

    String mchId() {
        return sim.config().pay().mchId();
    }

    /** A fresh merchant order number. */
    static String outTradeNo() {
        return "PMT" + System.currentTimeMillis() + String.format("%09d", SEQ.incrementAndGet());
    }

    /** A Native prepay of {@code description} through the SDK; returns the code_url the payer scans. */
    String nativePrepay(WxPayClients pay, String outTradeNo, int total, String description) {
        var r = new com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest();
        r.setAppid(appId());
        r.setMchid(mchId());
        r.setDescription(description);
        r.setOutTradeNo(outTradeNo);
        r.setNotifyUrl(pay.conf().notifyUrl());
        var a = new com.wechat.pay.java.service.payments.nativepay.model.Amount();
        a.setTotal(total);
        r.setAmount(a);
        return pay.nativePay().prepay(r).getCodeUrl();
    }

    /**
     * A JSAPI prepay for {@code total} cents through the SDK, with what wx.requestPayment needs. The
     * payer logs in to the mini program first, as every real payer has: WeChat takes only openids the
     * app issued.
     */
    PrepayWithRequestPaymentResponse prepay(WxPayClients pay, String outTradeNo, int total, String openid) {
        return prepay(pay, outTradeNo, total, openid, null);
    }

    /** The same with a {@code time_expire} (null: none). */
    PrepayWithRequestPaymentResponse prepay(WxPayClients pay, String outTradeNo, int total, String openid,
                                            String timeExpire) {
        PrepayRequest r = jsapiRequest(pay, outTradeNo, total, user(openid));
        r.setTimeExpire(timeExpire);
        return pay.jsapiExtension().prepayWithRequestPayment(r);
    }

    /** The JSAPI prepay {@link #prepay} sends, for tests that change a field; the openid is taken as is. */
    PrepayRequest jsapiRequest(WxPayClients pay, String outTradeNo, int total, String openid) {
        PrepayRequest r = new PrepayRequest();
        r.setAppid(appId());
        r.setMchid(mchId());
        r.setDescription("homestay 2 nights");
        r.setOutTradeNo(outTradeNo);
        r.setNotifyUrl(pay.conf().notifyUrl());
        Amount a = new Amount();
        a.setTotal(total);
        a.setCurrency("CNY");
        r.setAmount(a);
        Payer p = new Payer();
        p.setOpenid(openid);
        r.setPayer(p);
        return r;
    }

    /** {@code openid} after it logged in to the mini program ({@code POST /sim/v1/miniprogram/login}), so the app issued it. */
    String user(String openid) {
        HttpResponse<String> r = post("/sim/v1/miniprogram/login", "{\"openid\":\"" + openid + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + openid + ": " + r.statusCode() + " " + r.body());
        }
        return openid;
    }

    /** The payer pays with what wx.requestPayment got; returns the HTTP status and body. */
    HttpResponse<String> userPays(PrepayWithRequestPaymentResponse p) {
        return userPays(p, "");
    }

    /** The same with more JSON fields ({@code ,"coupon":30} or {@code ,"pay_error":true}). */
    HttpResponse<String> userPays(PrepayWithRequestPaymentResponse p, String moreFields) {
        return post("/sim/v1/pay", "{\"appId\":\"" + p.getAppId() + "\",\"timeStamp\":\"" + p.getTimeStamp()
                + "\",\"nonceStr\":\"" + p.getNonceStr() + "\",\"package\":\"" + p.getPackageVal()
                + "\",\"signType\":\"" + p.getSignType() + "\",\"paySign\":\"" + p.getPaySign() + "\"" + moreFields + "}");
    }

    /**
     * {@code call} (a refund through the SDK) once WeChat's minute (x TimeFactor) since the payment's
     * last refund has passed: it is answered 429 FREQUENCY_LIMITED until then, and asked again.
     */
    static <T> T afterTheRefundGap(Supplier<T> call) {
        AtomicReference<T> result = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                result.set(call.get());
                return true;
            } catch (ServiceException e) {
                if (e.getHttpStatusCode() == 429) {
                    return false;
                }
                throw e;
            }
        });
        return result.get();
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET().build());
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).DELETE().build());
    }

    private static HttpResponse<String> send(HttpRequest r) {
        try {
            return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sim.close();
    }
}
