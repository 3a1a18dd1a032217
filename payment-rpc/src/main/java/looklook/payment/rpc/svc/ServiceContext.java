package looklook.payment.rpc.svc;

import com.zaxxer.hikari.HikariDataSource;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import looklook.payment.rpc.channel.AlipayChannel;
import looklook.payment.rpc.channel.PayChannel;
import looklook.payment.rpc.channel.PayChannels;
import looklook.payment.rpc.channel.WeChatPayChannel;
import looklook.payment.rpc.config.PaymentRpcConfig;
import looklook.pkg.alipay.AlipayClients;
import looklook.payment.rpc.logic.PruneWxPayNotifiesLogic;
import looklook.payment.rpc.logic.RefundPumpLogic;
import looklook.payment.rpc.model.BillModel;
import looklook.payment.rpc.model.ThirdPaymentModel;
import looklook.payment.rpc.model.ThirdRefundModel;
import looklook.payment.rpc.model.WxPayNotifyModel;
import looklook.pkg.ids.ProcessSns;
import looklook.pkg.ids.SnGenerator;
import looklook.pkg.kafka.Kafka;
import looklook.pkg.ops.Metrics;
import looklook.pkg.ops.Pump;
import looklook.pkg.outbox.OutboxRelay;
import looklook.pkg.rpc.RpcClients;
import looklook.proto.order.orderGrpc;
import looklook.pkg.wechat.WxPayClients;
import looklook.pkg.store.DataSources;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything payment-rpc's logic needs, wired by hand; it also runs the outbox relay, the refund pump
 * and the notify audit's retention.
 */
public final class ServiceContext implements AutoCloseable {
    /** Every commit of an outbox row hands it to the relay: its poll paces the sweep (a retry come due, a lost hand-off, another replica's row). */
    private static final Duration RELAY_POLL = Duration.ofSeconds(1);

    private final PaymentRpcConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics;
    private final HikariDataSource dataSource;
    private final HikariDataSource relayDataSource;
    private final Jdbi jdbi;
    private final ProcessSns sns;
    private final Producer<String, String> producer;
    private final OutboxRelay relay;
    private final WxPayClients wxPay;
    private final PayChannels channels;
    private final Pump refundPump;
    private final Pump notifyRetention;
    /** Null when the config names no order-rpc (tests that never quote). */
    private final ManagedChannel orderChannel;

    public ServiceContext(PaymentRpcConfig config) {
        this(config, Kafka.producer(config.kafkaConf(), config.name()));
    }

    /** {@code producer} publishes the outbox (tests pass one aimed at a dead broker); closed with this. */
    public ServiceContext(PaymentRpcConfig config, Producer<String, String> producer) {
        this.config = config;
        this.clock = Clock.systemUTC();
        this.producer = producer;
        this.metrics = Metrics.registry(config.name());
        this.wxPay = WxPayClients.create(config.wxPayConf());
        List<PayChannel> channels = new ArrayList<>(List.of(new WeChatPayChannel(config.wxPayConf(), wxPay)));
        if (config.alipayConf() != null && config.alipayConf().offered()) {
            channels.add(new AlipayChannel(AlipayClients.create(config.alipayConf()), config.alipayConf()));
        }
        this.channels = new PayChannels(channels);
        this.dataSource = DataSources.open(config.db(), config.name(), metrics);
        this.jdbi = DataSources.jdbi(dataSource, ThirdPaymentModel.class, ThirdRefundModel.class, WxPayNotifyModel.class,
                BillModel.class);
        // the relay's own connection, at READ COMMITTED for good (its statements take no gap locks)
        this.relayDataSource = DataSources.openReadCommitted(config.db(), config.name() + "-outbox", metrics);
        try {
            this.sns = ProcessSns.open(config.etcd(), config.workerId(), config.name());
        } catch (RuntimeException e) {
            relayDataSource.close();
            dataSource.close();
            producer.close();
            throw e;
        }
        // not a health dependency: while order-rpc is away only quotes fail, and pay notifies must still be taken
        this.orderChannel = config.orderRpcConf() == null ? null : RpcClients.channel(config.orderRpcConf(), metrics);
        StuckMoneyGauges.register(jdbi, metrics);
        this.relay = new OutboxRelay(DataSources.jdbi(relayDataSource), producer, null, RELAY_POLL, metrics).start();
        // refund rows are their own outbox: this pump is their relay to WeChat
        // idle: one indexed look a few seconds apart (sooner if refunds of a payment may follow each other
        // sooner, as against a simulator with shortened time); a new refund wakes it at once
        long idleMs = Math.min(5_000, Math.min(config.refundSpacingMs(), config.refundQueryAfterMs()));
        this.refundPump = new Pump("refund-pump", () -> new RefundPumpLogic(this).pumpOnce(), RefundPumpLogic.BATCH,
                Duration.ofMillis(Math.max(50, idleMs)), Duration.ofSeconds(1), Duration.ofSeconds(30)).start();
        // the audit retention: hourly is plenty for a limit counted in days
        this.notifyRetention = new Pump("notify-retention", () -> new PruneWxPayNotifiesLogic(this).pruneOnce(),
                PruneWxPayNotifiesLogic.BATCH, Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMinutes(10)).start();
    }

    public PaymentRpcConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** Payment sns ({@code PMT} + 22 digits), unique across replicas. */
    public SnGenerator sns() {
        return sns.generator();
    }

    /** WeChat Pay, built once: queries and closes for the close job and the reconcile tick. */
    public WxPayClients wxPay() {
        return wxPay;
    }

    /** The providers by pay_mode: every query, close and refund after the prepay goes through one of them. */
    public PayChannels channels() {
        return channels;
    }

    /** order-rpc, where the refund quote reads the order (its state, check-in date and owner). */
    public orderGrpc.orderBlockingStub orderRpc() {
        if (orderChannel == null) {
            throw new IllegalStateException("payment-rpc was started without OrderRpcConf");
        }
        return orderGrpc.newBlockingStub(orderChannel);
    }

    /** Asks WeChat for due refunds; wake it after committing one. */
    public Pump refundPump() {
        return refundPump;
    }

    /** Publishes committed outbox rows; wake it after committing one. */
    public OutboxRelay relay() {
        return relay;
    }

    @Override
    public void close() {
        notifyRetention.close();
        refundPump.close();
        relay.close();
        producer.close(Duration.ofSeconds(5));
        sns.close();
        if (orderChannel != null) {
            orderChannel.shutdown();
            try {
                orderChannel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        relayDataSource.close();
        dataSource.close();
    }
}
