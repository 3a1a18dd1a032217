package looklook.usercenter.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import looklook.pkg.discovery.EtcdClients;
import looklook.pkg.store.DataSources;
import looklook.pkg.store.MysqlDsn;
import looklook.pkg.testing.Http;
import looklook.pkg.testing.MeshProcess;
import looklook.pkg.testing.TestInfra;
import looklook.pkg.testing.SandboxProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both processes from their jars and committed configs, as ./mesh up runs them. */
class UsercenterProcessesIT {
    @Test
    void jars_serveThePurchaseLoginAndDeregisterOnSigterm(@TempDir Path tmp) throws Exception {
        String key = TestInfra.unique("usercenter.rpc");
        MysqlDsn dsn = TestInfra.freshDatabase("looklook_usercenter");
        int apiPort = MeshProcess.freePort();
        int apiDev = MeshProcess.freePort();
        Map<String, String> env = new HashMap<>(TestInfra.env());
        env.put("LOOKLOOK_JWT_SECRET", UsercenterApiIT.SECRET);
        env.put("LOOKLOOK_WX_MINI_SECRET", "unused-here");
        String apiYaml = MeshProcess.etc("usercenter-api", Map.of(
                "Port: 1004", "Port: " + apiPort,
                "Port: 4001", "Port: " + apiDev,
                "Key: usercenter.rpc", "Key: " + key));
        try (Client etcd = EtcdClients.newClient(TestInfra.etcdHosts());
             SandboxProcess.Running sim = SandboxProcess.start(tmp, 0.001);
             MeshProcess rpc = UsercenterApiIT.startRpc(key, dsn, tmp, sim);
             MeshProcess api = MeshProcess.start("usercenter-api", apiYaml, env, apiDev, tmp)) {
            String mobile = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
            String creds = "{\"mobile\":\"" + mobile + "\",\"password\":\"password1\"}";
            String code = UsercenterApiIT.smsCode(apiPort, sim.port(), mobile);
            assertThat(Http.post(apiPort, "/usercenter/v1/user/register", creds.replace("}", ",\"smsCode\":\"" + code + "\"}"), null)
                    .status()).isEqualTo(200);
            String token = Http.post(apiPort, "/usercenter/v1/user/login", creds, null).data().path("accessToken").asText();
            assertThat(Http.post(apiPort, "/usercenter/v1/user/detail", "{}", token).data()
                    .path("userInfo").path("mobile").asText()).isEqualTo(mobile);

            assertThat(api.metrics()).contains("http_server_requests_seconds_count")
                    .contains("route=\"/usercenter/v1/user/login\"").contains("grpc_client_requests_sent_messages_total");
            assertThat(rpc.metrics()).contains("grpc_server_processing_duration_seconds_count")
                    .contains("method=\"login\"").contains("hikaricp_connections");
            assertThat(rpc.log()).contains("rpc pb.usercenter/login status=OK");

            ByteSequence prefix = ByteSequence.from(key + "/", StandardCharsets.UTF_8);
            GetOption prefixed = GetOption.builder().isPrefix(true).build();
            assertThat(etcd.getKVClient().get(prefix, prefixed).get(5, TimeUnit.SECONDS).getCount()).isEqualTo(1);

            // graceful stop: the key goes at once (not after the 10 s lease) and the API stops being ready
            long t0 = System.nanoTime();
            assertThat(rpc.stop()).isIn(0, 143);
            assertThat(etcd.getKVClient().get(prefix, prefixed).get(5, TimeUnit.SECONDS).getCount()).isZero();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(8);
            assertThat(rpc.log()).contains("deregistered " + key + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> api.health() == 503);
        } finally {
            DataSources.dropDatabase(dsn);
        }
    }

    @Test
    void badConfig_exitsWithTheKeyNamed(@TempDir Path tmp) throws Exception {
        String yaml = MeshProcess.etc("usercenter-api", Map.of("JwtAuth:", "JwtAuth:\n  AccesSecret: typo"));
        Map<String, String> env = new HashMap<>(TestInfra.env());
        env.put("LOOKLOOK_JWT_SECRET", UsercenterApiIT.SECRET);
        env.put("LOOKLOOK_WX_MINI_SECRET", "unused-here");
        try {
            MeshProcess.start("usercenter-api", yaml, env, MeshProcess.freePort(), tmp);
            throw new AssertionError("a bad config must not start");
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("exited with 2").contains("unknown key JwtAuth.AccesSecret");
        }
    }
}
