package looklook.pkg.testing;

import io.etcd.jetcd.Client;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.ids.SnGenerator;
import looklook.pkg.ids.SnPrefix;
import looklook.pkg.ids.WorkerIdLease;

/**
 * A second process drawing ids: args {@code <etcd hosts,> <namespace> <count> <out file>}. Prints
 * {@code READY <worker id>} once its lease is held, then draws when a line arrives on stdin.
 */
public final class DrawIdsMain {
    private DrawIdsMain() {
    }

    public static void main(String[] args) throws Exception {
        TestInfra.useEtcdAccount(Arrays.asList(args[0].split(",")));
        Client etcd = EtcdClients.newClient(Arrays.asList(args[0].split(",")));
        try (WorkerIdLease lease = WorkerIdLease.acquire(etcd, args[1], "fork")) {
            SnGenerator gen = SnGenerator.of(lease);
            System.out.println("READY " + lease.workerId());
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            int n = Integer.parseInt(args[2]);
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(gen.next(SnPrefix.THIRD_PAYMENT));
            }
            Files.write(Path.of(args[3]), ids);
        }
        etcd.close();
        System.exit(0);
    }
}
