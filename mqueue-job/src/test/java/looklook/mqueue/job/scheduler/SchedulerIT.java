package looklook.mqueue.job.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.jobq.Redis;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The scheduler against the real Redis: one firing per tick however many replicas compete. */
class SchedulerIT {
    private static JedisPooled redis;

    @BeforeAll
    static void connect() {
        redis = Redis.client(TestInfra.redisConf());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    private static String prefix() {
        return "test:{" + TestInfra.unique("sched") + "}:sched";
    }

    private record Fired(String replica, long tick) {
    }

    private static Scheduler replica(String name, String prefix, Duration ttl, List<Fired> fired) {
        FencedLock lock = new FencedLock(redis, prefix, ttl);
        Entry every = new Entry("tick", Duration.ofSeconds(1), tick -> fired.add(new Fired(name, tick / 1000)));
        return new Scheduler(lock, ttl, List.of(every), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @Test
    void twoReplicas_fireEachTickExactlyOnceInTotal() throws Exception {
        String prefix = prefix();
        List<Fired> fired = new CopyOnWriteArrayList<>();
        Scheduler a = replica("a", prefix, Duration.ofSeconds(2), fired).start();
        Scheduler b = replica("b", prefix, Duration.ofSeconds(2), fired).start();
        try {
            Thread.sleep(5_000);
        } finally {
            a.close();
            b.close();
        }
        List<Long> ticks = fired.stream().map(Fired::tick).toList();
        assertThat(new HashSet<>(ticks)).as("no tick twice: %s", fired).hasSameSizeAs(ticks);
        assertThat(ticks.size()).as("a tick per second for 5 s: %s", fired).isBetween(5, 6);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("consecutive ticks: %s", fired).isEqualTo(ticks.get(i - 1) + 1);
        }
    }

    @Test
    void whenTheLeaderStops_theOtherTakesOverWithoutRepeatingATick() throws Exception {
        String prefix = prefix();
        List<Fired> fired = new CopyOnWriteArrayList<>();
        Scheduler a = replica("a", prefix, Duration.ofSeconds(2), fired).start();
        Thread.sleep(300); // a leads
        Scheduler b = replica("b", prefix, Duration.ofSeconds(2), fired).start();
        try {
            Thread.sleep(1_500);
            a.close(); // hands the lock over
            Thread.sleep(2_500);
        } finally {
            a.close();
            b.close();
        }
        Set<String> replicas = new HashSet<>();
        fired.forEach(f -> replicas.add(f.replica()));
        List<Long> ticks = new ArrayList<>(fired.stream().map(Fired::tick).toList());
        assertThat(replicas).as("%s", fired).containsExactlyInAnyOrder("a", "b");
        assertThat(new HashSet<>(ticks)).as("no tick twice: %s", fired).hasSameSizeAs(ticks);
        assertThat(ticks.size()).as("%s", fired).isBetween(4, 6);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).as("consecutive ticks across the handover: %s", fired).isEqualTo(ticks.get(i - 1) + 1);
        }
    }

    @Test
    void aHolderThatLostTheLock_cannotClaimOrRenewAfterAnotherTookIt() {
        String prefix = prefix();
        FencedLock lockA = new FencedLock(redis, prefix, Duration.ofSeconds(30));
        FencedLock lockB = new FencedLock(redis, prefix, Duration.ofSeconds(30));
        FencedLock.Holding a = lockA.tryAcquire().orElseThrow();
        assertThat(lockB.tryAcquire()).isEmpty();
        assertThat(lockA.claim(a, "e", 1_000)).isEqualTo(FencedLock.Claim.CLAIMED);
        assertThat(lockA.claim(a, "e", 1_000)).isEqualTo(FencedLock.Claim.ALREADY_FIRED);

        redis.del(prefix + ":lock"); // a stalls past its ttl: the lock expires
        FencedLock.Holding b = lockB.tryAcquire().orElseThrow();
        assertThat(b.fence()).isGreaterThan(a.fence());
        assertThat(lockB.claim(b, "e", 1_000)).as("a's tick is not fired again").isEqualTo(FencedLock.Claim.ALREADY_FIRED);
        assertThat(lockB.claim(b, "e", 2_000)).isEqualTo(FencedLock.Claim.CLAIMED);

        // a wakes up: it neither fires a tick nor gets its lock back
        assertThat(lockA.claim(a, "e", 3_000)).isEqualTo(FencedLock.Claim.LOST);
        assertThat(lockA.renew(a)).isFalse();
        lockA.release(a);
        assertThat(lockB.renew(b)).isTrue();
    }
}
