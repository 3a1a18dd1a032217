package looklook.pkg.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import looklook.pkg.conf.EtcdConf;
import looklook.pkg.rpc.RpcServer;
import looklook.pkg.rpc.RpcServerConf;
import looklook.pkg.testing.EchoService;
import looklook.pkg.testing.TestInfra;
import org.junit.jupiter.api.Test;

/** The shared etcd has auth on (./mesh enables it): registration goes through the mesh's account, strangers get nothing. */
class EtcdAuthIT {
    private final String key = TestInfra.unique("etcdauth.rpc");

    private static Client client(String user, String pass) {
        var b = Client.builder().endpoints("http://" + TestInfra.etcdHosts().get(0));
        if (user != null) {
            b.user(EtcdClients.bytes(user)).password(EtcdClients.bytes(pass));
        }
        return b.build();
    }

    @Test
    void registration_usesTheAccount_andIsInvisibleWithoutOne() throws Exception {
        EtcdConf conf = TestInfra.etcdConf(key);
        assertThat(conf.hasAccount()).as("LOOKLOOK_ETCD_USER from .mesh/env").isTrue();
        try (RpcServer s = new RpcServer(new RpcServerConf("127.0.0.1:0", conf, 2000), new SimpleMeterRegistry(),
                List.of(new EchoService(x -> x))).start();
             Client member = client(conf.user(), conf.pass());
             Client anonymous = client(null, null);
             Client wrongPassword = client(conf.user(), conf.pass() + "x")) {
            List<KeyValue> kvs = member.getKVClient().get(EtcdClients.bytes(key + "/"), GetOption.builder().isPrefix(true).build())
                    .get(5, TimeUnit.SECONDS).getKvs();
            assertThat(kvs).extracting(kv -> kv.getValue().toString(StandardCharsets.UTF_8)).containsExactly("127.0.0.1:" + s.port());

            assertThatThrownBy(() -> anonymous.getKVClient().get(EtcdClients.bytes(s.registeredKey())).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("user name is empty");
            assertThatThrownBy(() -> anonymous.getKVClient().put(EtcdClients.bytes(key + "/1"), EtcdClients.bytes("127.0.0.1:1"))
                    .get(5, TimeUnit.SECONDS)).hasMessageContaining("user name is empty");
            assertThatThrownBy(() -> wrongPassword.getKVClient().get(EtcdClients.bytes(s.registeredKey())).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("UNAUTHENTICATED");
        }
    }

    @Test
    void aSecondAccountForTheSameHosts_isRefused() {
        EtcdConf conf = TestInfra.etcdConf(key);
        assertThatThrownBy(() -> EtcdClients.registerAccount(new EtcdConf(conf.hosts(), key, "intruder", "pw")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Etcd.User: intruder");
    }
}
