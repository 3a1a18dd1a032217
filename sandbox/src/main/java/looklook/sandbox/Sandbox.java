package looklook.sandbox;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import looklook.sandbox.alipay.AlipayBills;
import looklook.sandbox.alipay.AlipayBook;
import looklook.sandbox.alipay.AlipayGateway;
import looklook.sandbox.alipay.AlipayKeys;
import looklook.sandbox.alipay.AlipayMethods;
import looklook.sandbox.alipay.AlipayNotifies;
import looklook.sandbox.alipay.AlipayResponder;
import looklook.sandbox.bill.BillFiles;
import looklook.sandbox.bill.BillLogic;
import looklook.sandbox.bill.BillRoutes;
import looklook.sandbox.bill.BillSchedule;
import looklook.sandbox.config.SandboxConfig;
import looklook.sandbox.crypto.SensitiveFields;
import looklook.sandbox.crypto.SimKeys;
import looklook.sandbox.faults.FaultRoutes;
import looklook.sandbox.faults.Faults;
import looklook.sandbox.ledger.Ledger;
import looklook.sandbox.ledger.LedgerRoutes;
import looklook.sandbox.ledger.RefundLimits;
import looklook.sandbox.mini.AccessTokens;
import looklook.sandbox.mini.Inbox;
import looklook.sandbox.mini.MiniRoutes;
import looklook.sandbox.mini.Sessions;
import looklook.sandbox.mini.SubscribeRoutes;
import looklook.sandbox.mini.SubscribeSend;
import looklook.sandbox.mini.Subscriptions;
import looklook.sandbox.mini.Templates;
import looklook.sandbox.notify.Deliveries;
import looklook.sandbox.notify.Notifier;
import looklook.sandbox.notify.NotifyBuilder;
import looklook.sandbox.pay.AbnormalRefundLogic;
import looklook.sandbox.pay.MerchantAuth;
import looklook.sandbox.pay.MerchantPlatformRoutes;
import looklook.sandbox.pay.NotifyUrls;
import looklook.sandbox.pay.OrderLogic;
import looklook.sandbox.pay.PayResponder;
import looklook.sandbox.pay.PayRoutes;
import looklook.sandbox.pay.PayWindow;
import looklook.sandbox.pay.PayerAccountRoutes;
import looklook.sandbox.pay.PrepayLogic;
import looklook.sandbox.pay.RefundLogic;
import looklook.sandbox.pay.ScanRoutes;
import looklook.sandbox.pay.UserPayLogic;
import looklook.sandbox.signing.PlatformSigner;
import looklook.sandbox.signing.SigningRoutes;
import looklook.sandbox.sms.SmsInbox;
import looklook.sandbox.sms.SmsRoutes;
import looklook.sandbox.wire.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WeChat (and Alipay) sandbox, embeddable: {@code Sandbox.start(config)} serves WeChat Pay v3, the
 * mini-program API, Alipay's open gateway ({@code /gateway.do}) and the sandbox's own {@code /sim/v1} controls on one HTTP/1.1 port (Jetty,
 * which keeps response header case as the WeChat SDK requires); {@code close()} stops it.
 */
public final class Sandbox implements AutoCloseable {
    private static final Logger access = LoggerFactory.getLogger("http.access");

    private final SandboxConfig config;
    private final SimKeys keys;
    private final Faults faults = new Faults();
    private final Ledger ledger;
    private final AlipayBook alipayBook = new AlipayBook();
    private final Deliveries deliveries = new Deliveries();
    private final Inbox inbox = new Inbox();
    private final Subscriptions subscriptions = new Subscriptions();
    private final SmsInbox smsInbox = new SmsInbox();
    private final Notifier notifier;
    private final PlatformSigner signer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-timer");
        t.setDaemon(true);
        return t;
    });
    private final Javalin app;

    private Sandbox(SandboxConfig config, MeterRegistry metrics) {
        this.config = config;
        this.keys = SimKeys.loadOrCreate(Path.of(config.keyDir()));
        SandboxConfig.PayConf pay = config.pay();
        String appId = config.miniProgram().appId();
        String secret = config.miniProgram().secret() != null ? config.miniProgram().secret() : keys.miniAppSecret();
        this.signer = new PlatformSigner(keys, pay.publicKeyId(), config.signing());
        NotifyBuilder notifies = new NotifyBuilder(keys.apiV3Key(), signer);
        this.notifier = new Notifier(notifies, faults, deliveries, config.timeFactor(), config.notifyTimeout());
        long refundDelayMs = Math.round(config.refundDelay() * config.timeFactor());
        this.ledger = new Ledger(Clock.systemUTC(), RefundLimits.scaledBy(config.timeFactor()));
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.requestLogger.http((ctx, ms) -> log(metrics, ctx, ms));
        });
        BillSchedule bills = new BillSchedule(config.billsReadyAt());
        PayResponder responder = new PayResponder(signer, faults);
        Sessions sessions = new Sessions(); // the app's users: the mini-program API issues them, the pay API checks payers
        NotifyUrls notifyUrls = new NotifyUrls(config.strictNotifyUrl());
        RefundLogic refunds = new RefundLogic(ledger, notifier, notifies, timer, refundDelayMs, faults, notifyUrls,
                pay.refundNotifyUrl());
        UserPayLogic userPay = new UserPayLogic(ledger, notifier, notifies, keys.merchantPublicKey());
        PayRoutes payRoutes = new PayRoutes(
                new MerchantAuth(pay.mchId(), pay.merchantSerialNo(), keys.merchantPublicKey()),
                responder,
                faults,
                new PrepayLogic(ledger, appId, new PayWindow(config.timeFactor()), sessions, notifyUrls),
                new OrderLogic(ledger),
                refunds,
                new AbnormalRefundLogic(ledger, refunds, new SensitiveFields(Map.of(pay.publicKeyId(), keys.platformPrivateKey(),
                        signer.certificateSerial(), keys.certificateKey()))),
                userPay,
                new BillLogic(ledger, bills, new BillFiles()));
        payRoutes.register(app);
        new SigningRoutes(signer, keys.apiV3Key()).register(app, payRoutes);
        new MerchantPlatformRoutes(ledger, refunds, responder, pay.mchId()).register(app);
        new PayerAccountRoutes(ledger, responder).register(app);
        new BillRoutes(bills).register(app);
        Templates templates = new Templates(config.miniProgram().templates());
        new MiniRoutes(appId, secret, sessions, new AccessTokens(config.miniProgram().tokenExpire(), config.timeFactor()), inbox,
                new SubscribeSend(sessions, templates, subscriptions, inbox), faults).register(app);
        new SubscribeRoutes(sessions, templates, subscriptions).register(app);
        AlipayKeys alipayKeys = AlipayKeys.loadOrCreate(Path.of(config.keyDir()));
        SandboxConfig.AlipayConf alipayConf = config.alipay();
        AlipayNotifies alipayNotifies = new AlipayNotifies(alipayConf.appId(), alipayConf.sellerId(), alipayKeys.alipayPrivateKey());
        AlipayBills alipayBills = new AlipayBills(alipayBook, bills, alipayConf.sellerId(), this::baseUrl);
        new AlipayGateway(alipayConf.appId(), alipayKeys, new AlipayMethods(alipayBook, alipayNotifies, notifier, alipayBills,
                config.timeFactor()), new AlipayResponder(alipayKeys.alipayPrivateKey()), faults).register(app);
        alipayBills.register(app);
        new ScanRoutes(userPay, alipayBook, alipayNotifies, notifier).register(app);
        new LedgerRoutes(ledger, deliveries, alipayBook).register(app);
        new SmsRoutes(smsInbox, Clock.systemUTC()).register(app);
        new FaultRoutes(faults, ledger, notifier, notifies, pay.mchId(), appId).register(app);
        app.exception(Exception.class, (e, ctx) -> {
            access.error("{} {} unexpected failure", ctx.method(), ctx.path(), e);
            ctx.status(500).contentType("application/json; charset=utf-8")
                    .result(Json.write(Map.of("code", "SYSTEM_ERROR", "message", "simulator failure: " + e)));
        });
        app.error(404, ctx -> {
            // our own 404s (ORDER_NOT_EXIST, ...) are JSON already; Javalin's route-miss text is not
            String type = ctx.res().getContentType();
            if (type == null || !type.startsWith("application/json")) {
                ctx.contentType("application/json; charset=utf-8").result(Json.write(
                        Map.of("code", "NOT_FOUND", "message", "no route " + ctx.method() + " " + ctx.path())));
            }
        });
    }

    /** Starts a simulator; metrics go nowhere. */
    public static Sandbox start(SandboxConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /** Starts a simulator recording request timings in {@code metrics}. */
    public static Sandbox start(SandboxConfig config, MeterRegistry metrics) {
        Sandbox sim = new Sandbox(config, metrics);
        try {
            sim.app.start(config.host(), config.port() == null ? 8090 : config.port());
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        access.info("sandbox listening on {}:{} keys={} timeFactor={} signing={}", config.host(), sim.port(),
                config.keyDir(), config.timeFactor(), config.signingMode());
        return sim;
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port}, what a client's BaseUrl should be. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** The key material in use. */
    public SimKeys keys() {
        return keys;
    }

    /** The mini program's AppSecret in use (configured, or generated under the key dir). */
    public String miniAppSecret() {
        return config.miniProgram().secret() != null ? config.miniProgram().secret() : keys.miniAppSecret();
    }

    public SandboxConfig config() {
        return config;
    }

    /** Who signs answers and notifies, in which mode. */
    public PlatformSigner signer() {
        return signer;
    }

    /** The books, for tests that look inside rather than through {@code /sim/v1/ledger}. */
    public Ledger ledger() {
        return ledger;
    }

    /** The sandbox Alipay's books. */
    public AlipayBook alipayBook() {
        return alipayBook;
    }

    /** Every notify delivery so far. */
    public Deliveries deliveries() {
        return deliveries;
    }

    /** The active fault rules. */
    public Faults faults() {
        return faults;
    }

    /** Subscribe messages accepted so far. */
    public Inbox inbox() {
        return inbox;
    }

    /** The users' one-time subscribe-message acceptances not yet spent. */
    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** SMS texts the sandbox provider took so far. */
    public SmsInbox smsInbox() {
        return smsInbox;
    }

    private static void log(MeterRegistry metrics, Context ctx, Float ms) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (IllegalStateException none) {
            route = "unmatched";
        }
        access.info("http {} {} status={} ms={}", ctx.method(), ctx.path(), ctx.statusCode(), ms);
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route.isEmpty() || route.equals("*") ? "unmatched" : route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(metrics)
                .record((long) (ms * 1000), TimeUnit.MICROSECONDS);
    }

    @Override
    public void close() {
        app.stop();
        notifier.close();
        timer.shutdownNow();
    }
}
