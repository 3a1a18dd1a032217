package looklook.pkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The WeChat simulator from its jar and committed config, on free ports, with keys in a temp dir. */
public final class SandboxProcess {
    /** The mini program AppId the committed configs use. */
    public static final String APP_ID = "wx8888888888888888";
    /** The simulator's merchant (etc/sandbox.yaml {@code Pay}). */
    public static final String MCH_ID = "1900000109";
    /** The serial number of the simulator merchant's API certificate. */
    public static final String MCH_SERIAL_NO = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1";
    /** The id of the simulator's platform public key. */
    public static final String PUBLIC_KEY_ID = "PUB_KEY_ID_0119000001092025010100000000000001";
    /** The sandbox's Alipay application id (etc/sandbox.yaml Alipay.AppId). */
    public static final String ALIPAY_APP_ID = "2021000000000001";
    /** The sandbox's Alipay merchant PID (etc/sandbox.yaml Alipay.SellerId). */
    public static final String ALIPAY_SELLER_ID = "2088000000000001";

    /** looklook's "order paid" template, as etc/sandbox.yaml and etc/mqueue-job.yaml name it by default. */
    public static final String TEMPLATE_ORDER_PAID = "tpl-order-pay-success";
    /** looklook's "check-in reminder" template, likewise. */
    public static final String TEMPLATE_CHECK_IN = "tpl-order-check-in";
    /** Both: what a mini program asks its paying user to accept. */
    public static final List<String> LOOKLOOK_TEMPLATES = List.of(TEMPLATE_ORDER_PAID, TEMPLATE_CHECK_IN);

    private static final ObjectMapper JSON = new ObjectMapper();

    private SandboxProcess() {
    }

    /**
     * The user {@code openid} taps "allow" in {@code wx.requestSubscribeMessage} for {@code templateIds}:
     * one more message of each may be sent to them (the simulator answers 43101 to a send without one).
     * The openid must have logged in ({@code POST /sim/v1/miniprogram/login}).
     */
    public static void acceptTemplates(int simPort, String openid, List<String> templateIds) throws IOException, InterruptedException {
        Http.postRaw(simPort, "/sim/v1/miniprogram/subscribe",
                JSON.writeValueAsString(Map.of("openid", openid, "templateIds", templateIds)));
    }

    /** A new mini-program user (wx.login in the simulator) who accepted each of {@code templateIds} once; its openid. */
    public static String subscriber(int simPort, List<String> templateIds) throws IOException, InterruptedException {
        String openid = Http.postRaw(simPort, "/sim/v1/miniprogram/login", "{}").path("openid").asText();
        acceptTemplates(simPort, openid, templateIds);
        return openid;
    }

    /** A running simulator and what clients need to reach it. */
    public record Running(MeshProcess process, int port, Path keyDir, String miniSecret) implements AutoCloseable {
        /** The BaseUrl services point at. */
        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        /**
         * {@code openid} after it logged in to the mini program ({@code POST /sim/v1/miniprogram/login}):
         * WeChat Pay takes only payers the app issued an openid to.
         */
        public String issueOpenid(String openid) throws IOException, InterruptedException {
            JsonNode r = Http.postRaw(port, "/sim/v1/miniprogram/login", "{\"openid\":\"" + openid + "\"}");
            if (!openid.equals(r.path("openid").asText())) {
                throw new IOException("login of " + openid + " in the simulator: " + r);
            }
            return openid;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** Starts a simulator whose state lives under {@code dir}; notify retries scaled by {@code timeFactor}. */
    public static Running start(Path dir, double timeFactor) throws Exception {
        int port = MeshProcess.freePort();
        int dev = MeshProcess.freePort();
        Path keys = Files.createDirectories(dir.resolve("wechat-keys"));
        String secret = "sim" + TestInfra.unique("secret").replace("-", "");
        Map<String, String> env = new HashMap<>(TestInfra.env());
        env.put("LOOKLOOK_SANDBOX_PORT", Integer.toString(port));
        env.put("LOOKLOOK_WECHAT_KEYS", keys.toString());
        env.put("LOOKLOOK_WECHAT_TIME_FACTOR", Double.toString(timeFactor));
        env.put("LOOKLOOK_WX_MINI_SECRET", secret);
        String yaml = MeshProcess.etc("sandbox", Map.of("Port: 4010", "Port: " + dev));
        return new Running(MeshProcess.start("sandbox", yaml, env, dev, dir), port, keys, secret);
    }
}
