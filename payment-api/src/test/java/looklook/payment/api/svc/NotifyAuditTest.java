package looklook.payment.api.svc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.payment.api.config.NotifyAuditConf;
import looklook.proto.payment.RecordWxPayNotifiesReq;
import looklook.proto.payment.RecordWxPayNotifiesResp;
import looklook.proto.payment.RecordWxPayNotifyReq;
import looklook.proto.payment.RecordWxPayNotifyResp;
import looklook.proto.payment.paymentGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit queue against a payment-rpc that holds every call until the test lets it answer, and that
 * knows the batch call only when a test says so (else it answers UNIMPLEMENTED, as one older than it).
 */
class NotifyAuditTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger recorded = new AtomicInteger();
    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private volatile boolean knowsBatches;
    private volatile boolean holdBatches;
    private Server server;
    private ManagedChannel channel;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void start() throws Exception {
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create()).addService(new paymentGrpc.paymentImplBase() {
            @Override
            public void recordWxPayNotify(RecordWxPayNotifyReq req, StreamObserver<RecordWxPayNotifyResp> out) {
                if (req.getOutcome().equals("bad")) {
                    out.onError(Status.INVALID_ARGUMENT.withDescription("outcome: bad").asRuntimeException());
                    return;
                }
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                recorded.incrementAndGet();
                out.onNext(RecordWxPayNotifyResp.newBuilder().setId(recorded.get()).build());
                out.onCompleted();
            }

            @Override
            public void recordWxPayNotifies(RecordWxPayNotifiesReq req, StreamObserver<RecordWxPayNotifiesResp> out) {
                if (!knowsBatches) {
                    super.recordWxPayNotifies(req, out);
                    return;
                }
                if (req.getNotifiesList().stream().anyMatch(n -> n.getOutcome().equals("bad"))) {
                    out.onError(Status.INVALID_ARGUMENT.withDescription("notifies[i].outcome: bad").asRuntimeException());
                    return;
                }
                if (holdBatches) {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                batches.add(req.getNotifiesCount());
                recorded.addAndGet(req.getNotifiesCount());
                out.onNext(RecordWxPayNotifiesResp.newBuilder().setRecorded(req.getNotifiesCount()).build());
                out.onCompleted();
            }
        }).build().start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }

    private static RecordWxPayNotifyReq notify(boolean verified, int bodyChars) {
        return RecordWxPayNotifyReq.newBuilder().setOutcome(verified ? "applied" : "rejected").setVerified(verified)
                .setHttpStatus(verified ? 204 : 401).setBody("x".repeat(bodyChars)).build();
    }

    @Test
    void notifiesArrivingTogether_areRecordedInOneCall_andAMebibyteEndsABatch() throws Exception {
        knowsBatches = true;
        release.countDown();
        try (NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(null, null), metrics)) {
            for (int i = 0; i < 10; i++) {
                assertThat(audit.record(notify(true, 256))).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> recorded.get() == 10);
            assertThat(batches).containsExactly(10);

            for (int i = 0; i < 3; i++) {
                assertThat(audit.record(notify(true, 400_000))).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> recorded.get() == 13);
            assertThat(batches).containsExactly(10, 2, 1);
            assertThat(audit.queuedBytes()).isZero();
        }
    }

    @Test
    void close_sendsWhatWaits_andTakesNoMore() throws Exception {
        knowsBatches = true;
        release.countDown();
        NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(null, null), metrics);
        for (int i = 0; i < 5; i++) {
            audit.record(notify(true, 256));
        }
        audit.close();

        assertThat(recorded.get()).isEqualTo(5);
        assertThat(audit.record(notify(true, 256))).as("closed: takes no more").isFalse();
        assertThat(audit.queuedBytes()).isZero();
    }

    @Test
    void close_withAPaymentRpcThatDoesNotAnswer_countsWhatIsLeftAsDropped() throws Exception {
        knowsBatches = true;
        holdBatches = true;
        NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(null, null), metrics);
        for (int i = 0; i < 3; i++) {
            audit.record(notify(true, 256));
        }
        await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ofMillis(300)).until(() -> true);
        audit.record(notify(true, 256));
        audit.close();

        assertThat(recorded.get()).isZero();
        assertThat(audit.queuedBytes()).as("nothing stays counted").isZero();
        assertThat(metrics.get("notify.audit.dropped").tag("reason", "shutdown").counter().count()).isEqualTo(4.0);
    }

    @Test
    void aBatchRefusedForOneEntry_isSentOneByOne_soOnlyThatOneIsLost() throws Exception {
        knowsBatches = true;
        release.countDown();
        try (NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(null, null), metrics)) {
            audit.record(notify(true, 256));
            audit.record(notify(true, 256).toBuilder().setOutcome("bad").build());
            audit.record(notify(true, 256));

            await().atMost(Duration.ofSeconds(5)).until(() -> recorded.get() == 2 && audit.queuedBytes() == 0);
            assertThat(batches).as("the batch was refused whole").isEmpty();
        }
    }

    @Test
    void queue_isBoundedInBytes_notInEntries() throws Exception {
        try (NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(64L << 10, 1_000L), metrics)) {
            // three of 20 KB fit in 64 KiB (the one in flight counts until payment-rpc answers), the fourth does not
            assertThat(audit.record(notify(true, 20_000))).isTrue();
            assertThat(audit.record(notify(true, 20_000))).isTrue();
            assertThat(audit.record(notify(true, 20_000))).isTrue();
            assertThat(audit.record(notify(true, 20_000))).isFalse();
            assertThat(audit.queuedBytes()).isBetween(60_000L, 64L << 10);
            // small ones still fit in what is left
            assertThat(audit.record(notify(true, 100))).isTrue();
            assertThat(metrics.get("notify.audit.dropped").tag("reason", "queue").counter().count()).isEqualTo(1.0);

            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> audit.queuedBytes() == 0);
            assertThat(recorded.get()).isEqualTo(4);
            assertThat(audit.record(notify(true, 20_000))).isTrue();
        }
    }

    @Test
    void refusedNotifies_areRateLimited_verifiedOnesAreNot() throws Exception {
        release.countDown();
        try (NotifyAudit audit = new NotifyAudit(paymentGrpc.newBlockingStub(channel), new NotifyAuditConf(8L << 20, 3L), metrics)) {
            int kept = 0;
            for (int i = 0; i < 10; i++) {
                kept += audit.record(notify(false, 256)) ? 1 : 0;
            }
            assertThat(kept).isEqualTo(3);
            assertThat(metrics.get("notify.audit.dropped").tag("reason", "refused_rate").counter().count()).isEqualTo(7.0);
            for (int i = 0; i < 10; i++) {
                assertThat(audit.record(notify(true, 256))).isTrue();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded.get() == 13);
        }
    }
}
