package looklook.pkg.jobq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.testing.Forks;
import looklook.pkg.testing.StuckWorkerMain;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

class JobQueueIT {
    private static final JedisPooled REDIS = Redis.client(TestInfra.redisConf());
    private final String ns = "test:{" + TestInfra.unique("jq") + "}";
    private final JobClient client = new JobClient(REDIS, ns);
    private final List<JobServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(s -> s.close(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void closeRedis() {
        REDIS.close();
    }

    private JobServer server(Map<String, JobHandler> handlers, int concurrency, Duration lease) {
        JobServer s = new JobServer(REDIS, ns, JobServer.Options.defaults(concurrency).withLease(lease)
                .withRetryDelay(n -> Duration.ofMillis(50L * n)), handlers, new SimpleMeterRegistry()).start();
        servers.add(s);
        return s;
    }

    private String state(String id) {
        return client.info(id).map(m -> m.get("state")).orElse("absent");
    }

    @Test
    void enqueuedTask_runsOnceWithItsPayload() {
        List<Task> seen = new CopyOnWriteArrayList<>();
        server(Map.of("greet", seen::add), 2, Duration.ofSeconds(5));
        assertThat(client.enqueue(TaskSpec.of("greet", "g-1", "{\"name\":\"ann\"}"))).isTrue();

        await().atMost(Duration.ofSeconds(2)).until(() -> state("g-1").equals("completed"));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).payload()).isEqualTo("{\"name\":\"ann\"}");
        assertThat(seen.get(0).retried()).isZero();
    }

    @Test
    void taskOnAnEarlierQueue_runsBeforeTheBacklogOfALaterOne() {
        int between = backlogThenUrgent(JobServer.Options.defaults(1).withQueues(List.of("critical", "default")));

        assertThat(between).as("bulk tasks run between the enqueue and the urgent one").isLessThanOrEqualTo(2);
    }

    @Test
    void weightedQueues_theHeavierOnePassesTheOthersBacklog() {
        int between = backlogThenUrgent(JobServer.Options.defaults(1).withWeightedQueues(Map.of("critical", 3, "default", 1)));

        // each look tries critical first 3 times in 4: more than 10 bulk tasks first is a (1/4)^11 chance
        assertThat(between).as("bulk tasks run between the enqueue and the urgent one").isLessThanOrEqualTo(10);
    }

    @Test
    void weightedQueues_needAWeightOfAtLeastOneForEachQueue() {
        JobServer.Options base = JobServer.Options.defaults(1);
        assertThatThrownBy(() -> base.withWeightedQueues(Map.of("critical", 0, "default", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
        assertThat(base.withWeightedQueues(Map.of("critical", 3, "default", 1)).queues()).containsExactlyInAnyOrder("critical", "default");
    }

    @Test
    void weightedQueues_aBacklogOfTheHeavierOne_doesNotStopTheOther() {
        List<String> ran = new CopyOnWriteArrayList<>();
        JobServer s = new JobServer(REDIS, ns, JobServer.Options.defaults(1).withWeightedQueues(Map.of("critical", 3, "default", 1)),
                Map.of("slow", t -> {
                    ran.add(t.id());
                    sleep(5);
                }, "bulk", t -> ran.add(t.id())), new SimpleMeterRegistry());
        for (int i = 0; i < 200; i++) {
            client.enqueue(TaskSpec.of("slow", "s-" + i, "{}").onQueue("critical"));
        }
        client.enqueue(TaskSpec.of("bulk", "b-0", "{}"));
        servers.add(s.start());

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("b-0"));
        // default is tried first one look in 4: it waiting behind 100 of the others is a (3/4)^100 chance
        assertThat(ran.indexOf("b-0")).as("critical tasks run before the default one").isLessThan(100);
        assertThat(client.counts("critical").get("pending")).as("while critical ones still wait").isPositive();
    }

    /**
     * 300 bulk tasks on default; once some ran, one urgent task on critical; waits until all ran and
     * returns how many bulk tasks ran between the urgent one's enqueue and its start.
     */
    private int backlogThenUrgent(JobServer.Options opts) {
        List<String> ran = new CopyOnWriteArrayList<>();
        JobServer s = new JobServer(REDIS, ns, opts, Map.of("bulk", t -> {
            ran.add(t.id());
            sleep(2);
        }, "urgent", t -> ran.add(t.id())), new SimpleMeterRegistry());
        for (int i = 0; i < 300; i++) {
            client.enqueue(TaskSpec.of("bulk", "b-" + i, "{}"));
        }
        servers.add(s.start());
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() >= 10);

        int before = ran.size();
        client.enqueue(TaskSpec.of("urgent", "u-1", "{}").onQueue("critical"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ran.contains("u-1"));
        assertThat(client.counts("default").get("pending")).as("the backlog is still there").isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 301);
        return ran.indexOf("u-1") - before;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void duplicateId_isANoOpBeforeAndAfterCompletion() {
        AtomicInteger runs = new AtomicInteger();
        assertThat(client.enqueue(TaskSpec.of("count", "once", "{}").at(Instant.now().plusMillis(300)))).isTrue();
        assertThat(client.enqueue(TaskSpec.of("count", "once", "{}"))).isFalse();
        server(Map.of("count", t -> runs.incrementAndGet()), 2, Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(3)).until(() -> state("once").equals("completed"));

        assertThat(client.enqueue(TaskSpec.of("count", "once", "{}"))).isFalse();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> runs.get() == 1);
        assertThat(REDIS.pttl(ns + ":t:once")).as("completed ids are kept for the retention").isPositive();
    }

    @Test
    void scheduledTask_startsWithinASecondOfItsTimeAndNotBefore() {
        Map<String, Instant> startedAt = new ConcurrentHashMap<>();
        server(Map.of("later", t -> startedAt.put(t.id(), Instant.now())), 2, Duration.ofSeconds(5));
        Instant due = Instant.now().plusMillis(1500);
        client.enqueue(TaskSpec.of("later", "l-1", "{}").at(due));
        assertThat(state("l-1")).isEqualTo("scheduled");

        await().atMost(Duration.ofSeconds(4)).until(() -> startedAt.containsKey("l-1"));
        Duration late = Duration.between(due, startedAt.get("l-1"));
        assertThat(late).isGreaterThanOrEqualTo(Duration.ofMillis(-20)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void failingTask_isRetriedWithBackoffUntilItSucceeds() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        server(Map.of("flaky", t -> {
            attempts.add(t.retried());
            if (t.retried() < 2) {
                throw new IllegalStateException("downstream busy");
            }
        }), 1, Duration.ofSeconds(5));
        client.enqueue(TaskSpec.of("flaky", "f-1", "{}"));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("f-1").equals("completed"));
        assertThat(attempts).containsExactly(0, 1, 2);
    }

    @Test
    void taskOutOfRetries_isArchivedWithItsLastError() {
        AtomicInteger runs = new AtomicInteger();
        server(Map.of("doomed", t -> {
            runs.incrementAndGet();
            throw new IllegalStateException("still broken #" + t.retried());
        }), 1, Duration.ofSeconds(5));
        client.enqueue(TaskSpec.of("doomed", "d-1", "{}").withMaxRetry(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("d-1").equals("archived"));
        assertThat(runs.get()).isEqualTo(3);
        assertThat(client.info("d-1").orElseThrow().get("error")).isEqualTo("still broken #2");
        assertThat(client.counts(TaskSpec.DEFAULT_QUEUE).get("archived")).isEqualTo(1);
    }

    @Test
    void skipRetry_archivesAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        server(Map.of("poison", t -> {
            runs.incrementAndGet();
            throw new SkipRetryException("payload is not JSON");
        }), 1, Duration.ofSeconds(5));
        client.enqueue(TaskSpec.of("poison", "p-1", "not json"));
        await().atMost(Duration.ofSeconds(3)).until(() -> state("p-1").equals("archived"));
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void taskOverItsTimeout_isInterruptedAndRetried() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        server(Map.of("slow", t -> {
            attempts.add(t.retried());
            if (t.retried() == 0) {
                Thread.sleep(10_000);
            }
        }), 1, Duration.ofSeconds(5));
        client.enqueue(TaskSpec.of("slow", "s-1", "{}").withTimeout(Duration.ofMillis(300)));
        await().atMost(Duration.ofSeconds(4)).until(() -> state("s-1").equals("completed"));
        assertThat(attempts).containsExactly(0, 1);
    }

    @Test
    void twoWorkers_runEachTaskExactlyOnce_andBothTakeTasks() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger byFirst = new AtomicInteger();
        AtomicInteger bySecond = new AtomicInteger();
        JobHandler h = t -> runs.computeIfAbsent(t.id(), k -> new AtomicInteger()).incrementAndGet();
        server(Map.of("unit", t -> {
            byFirst.incrementAndGet();
            h.handle(t);
        }), 4, Duration.ofSeconds(5));
        server(Map.of("unit", t -> {
            bySecond.incrementAndGet();
            h.handle(t);
        }), 4, Duration.ofSeconds(5));
        for (int i = 0; i < 300; i++) {
            client.enqueue(TaskSpec.of("unit", "u-" + i, "{}"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 300);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> runs.values().stream().allMatch(c -> c.get() == 1));
        // the enqueues wake both idle workers, and each takes a share
        assertThat(byFirst.get()).isPositive();
        assertThat(bySecond.get()).isPositive();
    }

    @Test
    void killedWorker_itsTaskIsRunAgainAfterTheLease(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("stuck.log");
        Process stuck = Forks.java(StuckWorkerMain.class, log, TestInfra.redisHostPort(), ns, "crashy");
        try {
            client.enqueue(TaskSpec.of("crashy", "c-1", "{}"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("TOOK c-1"));
            assertThat(state("c-1")).isEqualTo("active");
            stuck.destroyForcibly().waitFor();

            List<Task> rerun = new CopyOnWriteArrayList<>();
            server(Map.of("crashy", rerun::add), 1, Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(8)).until(() -> state("c-1").equals("completed"));
            assertThat(rerun).hasSize(1);
            assertThat(rerun.get(0).retried()).isEqualTo(1);
        } finally {
            stuck.destroyForcibly();
        }
    }
}
