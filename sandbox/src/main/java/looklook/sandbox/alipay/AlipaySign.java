package looklook.sandbox.alipay;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The strings Alipay signs (RSA2 = SHA256withRSA over UTF-8, Base64): a request is signed over
 * every parameter but {@code sign}, sorted by name, {@code key=value} joined by {@code &}, empty
 * values left out; a notify is checked (the SDK's rsaCheckV1) over every parameter but
 * {@code sign} and {@code sign_type}; an answer over the raw JSON text of its response node.
 */
public final class AlipaySign {
    private AlipaySign() {
    }

    /** The request's signed content: all parameters but {@code sign}, sorted, empty ones left out. */
    public static String requestContent(Map<String, String> params) {
        return content(params, Set.of("sign"));
    }

    /** A notify's signed content: all fields but {@code sign} and {@code sign_type}, sorted. */
    public static String notifyContent(Map<String, String> fields) {
        return content(fields, Set.of("sign", "sign_type"));
    }

    private static String content(Map<String, String> params, Set<String> without) {
        return new TreeMap<>(params).entrySet().stream()
                .filter(e -> !without.contains(e.getKey()))
                .filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }
}
