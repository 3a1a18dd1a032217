package looklook.pkg.conf;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the first required record component left null after binding, so that a config file or a
 * request body missing a key fails with the key's path instead of a NullPointerException later.
 * Jackson alone cannot tell "absent" from "optional" for records.
 */
public final class RequiredKeys {
    private RequiredKeys() {
    }

    /**
     * The dotted path of the first missing required key under {@code value}, named as in the input
     * (an explicit {@code @JsonProperty} wins, else {@code naming} applied to the component name).
     */
    public static Optional<String> firstMissing(Object value, UnaryOperator<String> naming) {
        return walk(value, "", naming);
    }

    private static Optional<String> walk(Object value, String path, UnaryOperator<String> naming) {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                Optional<String> missing = walk(item, path + "[" + i++ + "]", naming);
                if (missing.isPresent()) {
                    return missing;
                }
            }
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Optional<String> missing = walk(e.getValue(), join(path, String.valueOf(e.getKey())), naming);
                if (missing.isPresent()) {
                    return missing;
                }
            }
            return Optional.empty();
        }
        if (!value.getClass().isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            String key = join(path, keyName(c, naming));
            Object child = read(c, value);
            if (child == null) {
                if (!c.isAnnotationPresent(OptionalKey.class)) {
                    return Optional.of(key);
                }
                continue;
            }
            Optional<String> missing = walk(child, key, naming);
            if (missing.isPresent()) {
                return missing;
            }
        }
        return Optional.empty();
    }

    private static String keyName(RecordComponent c, UnaryOperator<String> naming) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p != null && !p.value().isEmpty()) {
            return p.value();
        }
        return naming.apply(c.getName());
    }

    private static Object read(RecordComponent c, Object owner) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + owner.getClass(), e);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
