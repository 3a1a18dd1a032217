package looklook.usercenter.rpc.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Posts texts to the simulator ({@code POST /sim/v1/sms}), whose inbox the demo and tests read. */
final class SandboxSmsSender implements SmsSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient http;

    SandboxSmsSender(String baseUrl, long timeoutMs) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/sim/v1/sms");
        this.timeout = Duration.ofMillis(timeoutMs);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(String mobile, String text) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("mobile", mobile, "text", text))))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("sandbox SMS answered HTTP " + r.statusCode());
        }
    }
}
