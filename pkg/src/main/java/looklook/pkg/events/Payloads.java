package looklook.pkg.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.function.UnaryOperator;
import looklook.pkg.conf.RequiredKeys;

/**
 * JSON for the records that travel between services on Kafka and the job queue. Reading is
 * strict about what it needs (a missing field is an error) and lenient about what it does not
 * know (a newer producer may add fields).
 */
public final class Payloads {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /** A reader per payload type, its deserializer found once instead of looked up on every read. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return JSON.readerFor(type);
        }
    };

    private Payloads() {
    }

    /** The record as JSON text. */
    public static String write(Object payload) {
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload.getClass().getSimpleName(), e);
        }
    }

    /** Parses {@code json}; malformed text or a missing field is an IllegalArgumentException naming it. */
    public static <T> T read(String json, Class<T> type) {
        T value;
        try {
            value = READERS.get(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(type.getSimpleName() + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException(type.getSimpleName() + ": null payload");
        }
        RequiredKeys.firstMissing(value, UnaryOperator.identity()).ifPresent(k -> {
            throw new IllegalArgumentException(type.getSimpleName() + ": missing field " + k);
        });
        return value;
    }
}
