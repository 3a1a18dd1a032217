package looklook.sandbox.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import looklook.sandbox.WxError;

/** WeChat's JSON: snake_case keys, absent fields left out, unknown fields ignored (WeChat adds fields over time). */
public final class Json {
    /** The one mapper every WeChat-shaped body goes through. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {
    }

    /** Serialises exactly once, so that the bytes signed are the bytes sent. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads a request body; malformed JSON is WeChat's 400 PARAM_ERROR. */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw WxError.param("request body is empty (expected JSON)");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw WxError.param("request body is null (expected a JSON object)");
            }
            return value;
        } catch (IOException e) {
            throw WxError.param("request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
