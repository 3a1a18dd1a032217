package looklook.pkg.wechat;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keywords of one subscribe-message template ({@code thing1}, {@code date4}, ...), each typed by
 * its key, and the check WeChat makes of a message's {@code data} against them: every keyword
 * present with a value its type accepts, and no other key.
 */
public record TemplateKeywords(Map<String, KeywordType> types) {
    /** Why a message's data does not fit: the key and what is wrong with it. */
    public record Refusal(String key, Problem problem) {
    }

    /** What is wrong with one key. */
    public enum Problem {
        /** The template has the keyword, the data has no value (or an empty one) for it. */
        MISSING,
        /** The data has a key the template does not. */
        UNKNOWN,
        /** The value does not fit the keyword's type. */
        INVALID
    }

    public TemplateKeywords {
        types = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(types, "types")));
        if (types.isEmpty()) {
            throw new IllegalArgumentException("keywords: none (expected at least one, e.g. thing1)");
        }
    }

    /**
     * The keywords of {@code keys}, in order, each typed by its name; a key of no known type
     * ({@code site01}, {@code enum2}: enumerations are not modelled) is an IllegalArgumentException.
     */
    public static TemplateKeywords of(List<String> keys) {
        Map<String, KeywordType> types = new LinkedHashMap<>();
        for (String key : keys) {
            KeywordType t = KeywordType.ofKey(key).orElseThrow(() -> new IllegalArgumentException("keyword " + key
                    + ": not a known type (expected <type><n> with type one of thing, number, letter, symbol,"
                    + " character_string, time, date, amount, phone_number, car_number, name, phrase)"));
            if (types.put(key, t) != null) {
                throw new IllegalArgumentException("keyword " + key + ": listed twice");
            }
        }
        return new TemplateKeywords(types);
    }

    /** As {@link #of(List)}. */
    public static TemplateKeywords of(String... keys) {
        return of(List.of(keys));
    }

    /** The first thing WeChat would refuse in {@code data} (keyword order, then unknown keys); empty when it fits. */
    public Optional<Refusal> check(Map<String, String> data) {
        requireNonNull(data, "data");
        for (Map.Entry<String, KeywordType> k : types.entrySet()) {
            String value = data.get(k.getKey());
            if (value == null || value.isEmpty()) {
                return Optional.of(new Refusal(k.getKey(), Problem.MISSING));
            }
            if (!k.getValue().accepts(value)) {
                return Optional.of(new Refusal(k.getKey(), Problem.INVALID));
            }
        }
        return data.keySet().stream().filter(key -> !types.containsKey(key)).sorted().findFirst()
                .map(key -> new Refusal(key, Problem.UNKNOWN));
    }

    /** The keyword's type; an IllegalArgumentException for a key the template does not have. */
    public KeywordType type(String key) {
        KeywordType t = types.get(key);
        if (t == null) {
            throw new IllegalArgumentException("keyword " + key + ": not in this template (expected one of " + types.keySet() + ")");
        }
        return t;
    }
}
