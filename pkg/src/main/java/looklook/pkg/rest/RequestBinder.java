package looklook.pkg.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
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

    private RequestBinder() {
    }

    /** Binds {@code body} (empty counts as {@code {}}) to {@code type}, or throws a 100002 error. */
    public static <T> T bind(byte[] body, Class<T> type) {
        T value;
        try {
            value = JSON.readValue(body.length == 0 ? "{}".getBytes() : body, type);
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            String got = e instanceof InvalidFormatException f ? ": " + abbreviate(String.valueOf(f.getValue())) : "";
            throw BizException.badParam(field.isEmpty()
                    ? "request body: expected a JSON object"
                    : "field " + field + got + " (expected " + expected + ")");
        } catch (JsonMappingException e) {
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw BizException.badParam("field " + path(e) + ": " + why);
        } catch (JsonProcessingException e) {
            throw BizException.badParam("request body is not valid JSON: " + e.getOriginalMessage());
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

    private static String describe(Class<?> t) {
        if (t == long.class || t == Long.class || t == int.class || t == Integer.class) {
            return "an integer";
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
        if (java.util.Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return t.getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
