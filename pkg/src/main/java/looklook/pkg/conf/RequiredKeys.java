package looklook.pkg.conf;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
    /** Per record class, its components as the walk needs them: reflection once per class, not per value. */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] rc = type.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int i = 0; i < rc.length; i++) {
                Method accessor = rc[i].getAccessor();
                accessor.setAccessible(true);
                JsonProperty p = accessor.getAnnotation(JsonProperty.class);
                out[i] = new Component(rc[i].getName(), p != null && !p.value().isEmpty() ? p.value() : null,
                        rc[i].isAnnotationPresent(OptionalKey.class), accessor);
            }
            return out;
        }
    };

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
        if (value == null || !value.getClass().isRecord()) {
            return Optional.empty();
        }
        for (Component c : COMPONENTS.get(value.getClass())) {
            Object child = c.read(value);
            if (child == null) {
                if (!c.optional()) {
                    return Optional.of(join(path, c.key(naming)));
                }
            } else if (mayHoldKeys(child)) {
                // the path is built only on the way into a value that can miss a key: a leaf needs none
                Optional<String> missing = walk(child, join(path, c.key(naming)), naming);
                if (missing.isPresent()) {
                    return missing;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean mayHoldKeys(Object v) {
        return v instanceof Collection<?> || v instanceof Map<?, ?> || v.getClass().isRecord();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** @param jsonName the explicit {@code @JsonProperty} name, or null */
    private record Component(String name, String jsonName, boolean optional, Method accessor) {
        String key(UnaryOperator<String> naming) {
            return jsonName != null ? jsonName : naming.apply(name);
        }

        Object read(Object owner) {
            try {
                return accessor.invoke(owner);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name + " of " + owner.getClass(), e);
            }
        }
    }
}
