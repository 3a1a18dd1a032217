package looklook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WeChat's payment notify handling alone: {@code count} waiting payments are prepared (order,
 * prepay) and their notifies signed before the clock starts; then they are POSTed by
 * {@code vus} senders as WeChat would, each verified, decrypted and applied (payment success and
 * its Kafka event in the outbox). The first fifth warm up and are not counted.
 */
final class NotifyHandling {
    /** The processes a verified notify runs through before it is answered. */
    static final Set<String> VERIFY_PATH = Set.of("payment-api", "payment-rpc", "mariadb");

    private NotifyHandling() {
    }

    static Load.Result run(String host, Path keyDir, int vus, int count) throws Exception {
        String base = "http://" + host;
        // 1. waiting payments: one user, many orders, each prepaid
        Scenarios.WxUser user = Scenarios.newWxUser(base);
        String token = user.token();
        for (int i = 0; i < count; i++) {
            // each paid order sends two messages: one acceptance of each per order
            Scenarios.acceptMessages(base, user.openid());
        }
        Set<String> prepayIds = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(vus);
        List<Future<String>> prepays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            prepays.add(pool.submit(() -> {
                return Scenarios.bookAndPrepay(base, token).prepay().path("package").asText().substring("prepay_id=".length());
            }));
        }
        for (Future<String> f : prepays) {
            prepayIds.add(f.get());
        }
        // 2. their notifies, signed and encrypted now
        JsonNode ledger = Http.get(base + ":8090/sim/v1/ledger");
        SignedNotifies signer = new SignedNotifies(keyDir);
        List<SignedNotifies.Notify> notifies = new ArrayList<>();
        for (JsonNode t : ledger.path("transactions")) {
            if (prepayIds.contains(t.path("prepay_id").asText())) {
                notifies.add(signer.paid(t));
            }
        }
        if (notifies.isEmpty()) {
            throw new IllegalStateException("notify-handling: none of the " + prepayIds.size() + " prepays is in the sandbox's ledger");
        }
        // 3. send them all, timing each after the warm-up share
        int warm = notifies.size() / 5;
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long[] nanos = new long[notifies.size() - warm];
        long[] window = new long[2];
        java.util.concurrent.atomic.AtomicReference<ProcStats.Snapshot> cpuFrom = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Hops.Snapshot> hopsFrom = new java.util.concurrent.atomic.AtomicReference<>();
        List<Future<?>> senders = new ArrayList<>();
        String url = base + ":1002/payment/v1/thirdPayment/thirdPaymentWxPayCallback";
        for (int v = 0; v < vus; v++) {
            senders.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < notifies.size(); i = next.getAndIncrement()) {
                    SignedNotifies.Notify n = notifies.get(i);
                    if (i == warm) {
                        hopsFrom.set(Hops.take(System.getenv()));
                        cpuFrom.set(ProcStats.take());
                        window[0] = System.nanoTime();
                    }
                    long t0 = System.nanoTime();
                    int status = Http.postSigned(url, n.body(), n.headers());
                    if (status / 100 != 2) {
                        errors.incrementAndGet();
                    } else if (i >= warm) {
                        nanos[i - warm] = System.nanoTime() - t0;
                    }
                }
                return null;
            }));
        }
        for (Future<?> s : senders) {
            s.get();
        }
        double seconds = (System.nanoTime() - window[0]) / 1e9;
        ProcStats.Snapshot cpuTo = ProcStats.take();
        Hops.Snapshot hopsTo = Hops.take(System.getenv());
        pool.shutdown();
        long[] ok = java.util.Arrays.stream(nanos).filter(x -> x > 0).toArray();
        List<ProcStats.PerOp> cpu = ProcStats.perOp(cpuFrom.get(), cpuTo, ok.length);
        Load.Result r = Load.report("notify-handling", ok, seconds, errors.get(), cpu);
        // the verified notify's own cost; the rest of each line is the asynchronous half it set off
        System.out.printf("cpu notify-handling verified_ms/op=%.2f (payment-api + payment-rpc + mariadb)%n",
                ProcStats.total(cpu, VERIFY_PATH));
        System.out.println(Hops.line("notify-handling", hopsFrom.get(), hopsTo, ok.length));
        return r;
    }
}
