package looklook.pkg.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import looklook.pkg.conf.RequiredKeys;
import looklook.pkg.errors.BizException;

/**
 * Binds a JSON body to a request record strictly, as go-zero's httpx.Parse does: wrong types
 * ("12" for a number, 1.5 for an integer), malformed JSON and missing required fields are all
 * 100002 errors naming the field. Unknown fields are ignored, so older servers accept newer clients.
 */
public final class RequestBinder {
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    static {
        // a JSON string is never silently read as a number or a boolean
        JSON.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        JSON.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        JSON.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        JSON.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    /** A reader per request type, made once: readValue would look the type and its deserializer up on every call. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return JSON.readerFor(type);
        }
    };
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private RequestBinder() {
    }

    /** Binds {@code body} (empty counts as {@code {}}) to {@code type}, or throws a 100002 error. */
    public static <T> T bind(byte[] body, Class<T> type) {
        T value;
        try {
            value = type.cast(READERS.get(type).readValue(body.length == 0 ? EMPTY_OBJECT : body));
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            String got = e instanceof InvalidFormatException f ? ": " + abbreviate(String.valueOf(f.getValue())) : "";
            throw BizException.badParam(field.isEmpty()
                    ? "request body: expected a JSON object"
                    : "field " + field + got + " (expected " + expected + ")");
        } catch (JsonMappingException e) {
            // a record's own check (IllegalArgumentException) speaks for itself; anything else from
            // Jackson names its classes, so the client gets only the field
            String why = e.getCause() instanceof IllegalArgumentException iae && iae.getMessage() != null
                    ? abbreviate(iae.getMessage())
                    : e.getCause() instanceof InputCoercionException ic && ic.getTargetType() != null
                    ? "out of range (expected " + describe(ic.getTargetType()) + ")" : "invalid value";
            throw BizException.badParam("field " + path(e) + ": " + why);
        } catch (JsonProcessingException e) {
            // Jackson's parser messages quote the input and name token classes: say where, not what
            throw BizException.badParam("request body is not valid JSON" + where(e));
        } catch (IOException e) {
            throw BizException.badParam("request body could not be read");
        }
        if (value == null) {
            throw BizException.badParam("request body: expected a JSON object");
        }
        RequiredKeys.firstMissing(value, UnaryOperator.identity()).ifPresent(field -> {
            throw BizException.badParam("missing required field " + field);
        });
        return value;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The JSON shape a Java type expects, in words a client understands; never a class name. */
    static String describe(Class<?> t) {
        if (t == long.class || t == Long.class) {
            return "an integer (64-bit)";
        }
        if (t == int.class || t == Integer.class || t == short.class || t == Short.class || t == byte.class || t == Byte.class) {
            return "an integer (32-bit)";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class
                || Number.class.isAssignableFrom(t)) {
            return "a number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.toString(t.getEnumConstants());
        }
        if (java.util.Map.class.isAssignableFrom(t)) {
            return "an object";
        }
        return "another type";
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getCharOffset() < 0 && e.getLocation().getByteOffset() < 0
                ? "" : " (at offset " + Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset()) + ")";
    }

    /** At most 40 characters of a client's value, control characters shown as '?'. */
    private static String abbreviate(String s) {
        String cut = s.length() <= 40 ? s : s.substring(0, 40) + "...";
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
