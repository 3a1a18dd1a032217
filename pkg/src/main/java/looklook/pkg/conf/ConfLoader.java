package looklook.pkg.conf;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads {@code -f etc/<process>.yaml} into a record tree the way go-zero's conf.MustLoad does:
 * PascalCase keys ({@code ListenOn}, {@code Etcd.Hosts}), {@code ${ENV:default}} expansion, and
 * a failure at start, naming the key, for unknown, mistyped or missing keys.
 */
public final class ConfLoader {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?}");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // a key written twice would silently keep the last one (a second Redis block without its Pass)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfLoader() {
    }

    /** Reads {@code -f <path>} from the command line (default {@code defaultPath}) and loads it. */
    public static <T> T fromArgs(String[] args, String defaultPath, Class<T> type) {
        String path = defaultPath;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("-f")) {
                if (i + 1 >= args.length) {
                    throw new ConfException("-f needs a file path, e.g. -f " + defaultPath);
                }
                path = args[++i];
            } else {
                throw new ConfException("unknown argument " + args[i] + " (usage: -f " + defaultPath + ")");
            }
        }
        return load(Path.of(path), type, System.getenv());
    }

    /** Loads a config file, expanding variables from {@code env}. */
    public static <T> T load(Path file, Class<T> type, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfException(file + ": cannot read config file: " + e.getMessage(), e);
        }
        return parse(file.toString(), text, type, env);
    }

    /** Parses config text; {@code source} names it in error messages. */
    public static <T> T parse(String source, String yaml, Class<T> type, Map<String, String> env) {
        String expanded = expand(source, yaml, env);
        T conf;
        try {
            conf = YAML.readValue(expanded, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw new ConfException(source + ": unknown key " + path(e) + " (known here: " + known + ")");
        } catch (JsonParseException e) {
            throw new ConfException(source + ": " + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            // a record's own check (compact constructor) names the problem better than Jackson does
            String why = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getOriginalMessage();
            throw new ConfException(source + ": bad value for key " + path(e) + ": " + why, e);
        } catch (JsonProcessingException e) {
            throw new ConfException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (conf == null) {
            throw new ConfException(source + ": the file is empty");
        }
        RequiredKeys.firstMissing(conf, ConfLoader::pascal).ifPresent(key -> {
            throw new ConfException(source + ": missing required key " + key);
        });
        return conf;
    }

    static String expand(String source, String text, Map<String, String> env) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfException(source + ": environment variable " + m.group(1)
                        + " is not set and has no default (write ${" + m.group(1) + ":default})");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
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
        return sb.length() == 0 ? "(root)" : sb.toString();
    }

    private static String pascal(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
