package looklook.pkg.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.rpc.RpcServerConf;

/** A registered echo server in its own process, for kill -9 tests: args {@code <etcd hosts,> <key>}. */
public final class RegisteredEchoMain {
    private RegisteredEchoMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> hosts = Arrays.asList(args[0].split(","));
        TestInfra.useEtcdAccount(hosts);
        RpcServer server = new RpcServer(new RpcServerConf("127.0.0.1:0", new EtcdConf(hosts, args[1]), 2000),
                new SimpleMeterRegistry(), List.of(new EchoService(s -> "forked:" + s))).start();
        System.out.println("READY " + server.registeredKey());
        Thread.sleep(Long.MAX_VALUE);
    }
}
