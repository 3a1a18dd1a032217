package looklook.pkg.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.testing.DrawIdsMain;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerIdLeaseIT {
    private final String namespace = TestInfra.unique("looklook-test/snowflake");

    @Test
    void twoLiveProcesses_neverShareAWorkerIdAndTheirIdsNeverCollide(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("fork-ids.txt");
        Path log = tmp.resolve("fork.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), DrawIdsMain.class.getName(),
                String.join(",", TestInfra.etcdHosts()), namespace, "100000", out.toString()));
        Process fork = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        try (Client etcd = EtcdClients.newClient(TestInfra.etcdHosts());
             WorkerIdLease lease = WorkerIdLease.acquire(etcd, namespace, "test")) {
            BufferedReader forkOut = new BufferedReader(new InputStreamReader(fork.getInputStream(), StandardCharsets.UTF_8));
            String ready = forkOut.readLine();
            while (ready != null && !ready.startsWith("READY ")) {
                ready = forkOut.readLine(); // log lines come first
            }
            assertThat(ready).as("fork log: %s", log).startsWith("READY ");
            int forkWorker = Integer.parseInt(ready.substring(6).trim());
            assertThat(forkWorker).isNotEqualTo(lease.workerId());

            OutputStream go = fork.getOutputStream();
            go.write('\n');
            go.flush();
            SnGenerator gen = SnGenerator.of(lease);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 100_000; i++) {
                ids.add(gen.next(SnPrefix.THIRD_PAYMENT));
            }
            assertThat(fork.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(fork.exitValue()).isZero();
            List<String> forkIds = Files.readAllLines(out);
            assertThat(forkIds).hasSize(100_000);
            ids.addAll(forkIds);
            assertThat(ids).hasSize(200_000);
        } finally {
            fork.destroyForcibly();
        }
    }

    @Test
    void closedLease_freesItsIdAtOnce() throws Exception {
        try (Client etcd = EtcdClients.newClient(TestInfra.etcdHosts())) {
            WorkerIdLease lease = WorkerIdLease.acquire(etcd, namespace, "test");
            ByteSequence key = ByteSequence.from(namespace + "/" + lease.workerId(), StandardCharsets.UTF_8);
            assertThat(etcd.getKVClient().get(key).get(5, TimeUnit.SECONDS).getCount()).isEqualTo(1);
            lease.close();
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(etcd.getKVClient().get(key).get(5, TimeUnit.SECONDS).getCount()).isZero());
        }
    }
}
