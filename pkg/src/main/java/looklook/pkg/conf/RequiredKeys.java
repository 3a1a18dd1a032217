package looklook.pkg.conf;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the first required record component left null after binding, so that a config file or a
 * request body missing a key fails with the key's path instead of a NullPointerException later.
 * Jackson alone cannot tell "absent" from "optional" for records.
 */
public final class RequiredKeys {
    /**
     * Each record type's components, looked up once: this runs on every request body and every
     * consumed record, and reflection per call (components, annotations, accessibility) was most of its cost.
     */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return new Component[0]; // nothing to check (Class.isRecord is a native call: asked once per type)
            }
            RecordComponent[] rc = type.getRecordComponents();
            Component[] out = new Component[rc.length];
            for (int i = 0; i < rc.length; i++) {
                out[i] = Component.of(rc[i]);
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
        Deque<Object> path = walk(value, naming);
        if (path == null) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                sb.append('[').append(index).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(segment);
            }
        }
        return Optional.of(sb.toString());
    }

    /** The path to the first missing key (names and list indexes), or null: built only when one is missing. */
    private static Deque<Object> walk(Object value, UnaryOperator<String> naming) {
        if (value == null) {
            return null;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                Deque<Object> missing = walk(item, naming);
                if (missing != null) {
                    missing.addFirst(i);
                    return missing;
                }
                i++;
            }
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Deque<Object> missing = walk(e.getValue(), naming);
                if (missing != null) {
                    missing.addFirst(String.valueOf(e.getKey()));
                    return missing;
                }
            }
            return null;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return null;
        }
        for (Component c : COMPONENTS.get(value.getClass())) {
            Object child = c.read(value);
            Deque<Object> missing;
            if (child == null) {
                if (c.optional()) {
                    continue;
                }
                missing = new ArrayDeque<>();
            } else {
                missing = walk(child, naming);
                if (missing == null) {
                    continue;
                }
            }
            missing.addFirst(c.jsonName() != null ? c.jsonName() : naming.apply(c.name()));
            return missing;
        }
        return null;
    }

    /** One record component: its accessor (made accessible once), its names, whether it may be absent. */
    private record Component(String name, String jsonName, Method accessor, boolean optional) {
        static Component of(RecordComponent c) {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            JsonProperty p = accessor.getAnnotation(JsonProperty.class);
            return new Component(c.getName(), p != null && !p.value().isEmpty() ? p.value() : null, accessor,
                    c.isAnnotationPresent(OptionalKey.class));
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
