package looklook.pkg.wechat;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The types of a subscribe-message template's keywords and the values WeChat accepts for each,
 * from WeChat's table "订阅消息参数值内容限制说明" (developers.weixin.qq.com, subscribeMessage.send).
 * A template names each keyword by its type and position ({@code thing1}, {@code date3}), so the
 * key alone tells the type. Lengths count characters (code points), not bytes. One table for both
 * sides: the simulator refuses what breaks it (47003), and our message builders check with it
 * before they publish, so a message WeChat would refuse is our bug, caught before the send.
 */
public enum KeywordType {
    /** 20 characters at most: Chinese, letters, digits or symbols. */
    THING("thing", "1 to 20 characters", v -> length(v) <= KeywordType.THING_MAX && v.codePoints().noneMatch(Character::isISOControl)),
    /** Digits, optionally with a decimal part; 32 characters at most. */
    NUMBER("number", "digits with an optional decimal part, 32 characters at most",
            v -> v.length() <= 32 && v.matches("\\d+(\\.\\d+)?")),
    /** Letters only, 32 at most. */
    LETTER("letter", "1 to 32 letters", v -> v.matches("[A-Za-z]{1,32}")),
    /** Symbols only, 5 at most. */
    SYMBOL("symbol", "1 to 5 symbols", v -> v.matches("[\\p{P}\\p{S}]{1,5}")),
    /** Letters, digits and symbols (ASCII, no space), 32 at most. */
    CHARACTER_STRING("character_string", "1 to 32 letters, digits or symbols", v -> v.matches("[\\x21-\\x7E]{1,32}")),
    /** A 24-hour time, optionally after a date; a range joins two with "~" ("15:01", "2019年10月1日 15:01"). */
    TIME("time", "a 24-hour time, optionally after a date (15:01, 2019-10-01 15:01)", v -> Times.TIME.matcher(v).matches()),
    /** A date, optionally followed by a 24-hour time; a range joins two with "~" ("2019年10月1日", "2019-10-01"). */
    DATE("date", "a date, optionally with a 24-hour time (2019-10-01, 2019年10月1日 15:01)", v -> Times.DATE.matcher(v).matches()),
    /** One optional currency symbol, at most 10 digits with an optional decimal part, an optional trailing 元. */
    AMOUNT("amount", "an optional currency symbol, at most 10 digits with optional decimals, an optional 元",
            v -> v.matches("\\p{Sc}?\\d+(\\.\\d+)?元?") && v.chars().filter(Character::isDigit).count() <= 10),
    /** Digits and symbols, 17 at most ("+86-0766-66888866"). */
    PHONE_NUMBER("phone_number", "1 to 17 digits and symbols with a digit",
            v -> v.matches("[0-9\\p{Punct}]{1,17}") && v.chars().anyMatch(Character::isDigit)),
    /** 8 characters at most: letters and digits, the first and the last may be Chinese ("粤A8Z888挂"). */
    CAR_NUMBER("car_number", "at most 8 letters or digits, the first and last may be Chinese",
            v -> length(v) <= 8 && v.matches("[\\p{IsHan}A-Za-z0-9][A-Za-z0-9]*\\p{IsHan}?")),
    /** 10 Chinese characters at most, or 20 letters or symbols; a mix counts as Chinese. */
    NAME("name", "at most 10 Chinese characters, or 20 letters or symbols",
            v -> v.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
                    ? v.matches("[\\p{IsHan}A-Za-z·\\p{Punct} ]{1,10}") && length(v) <= 10
                    : v.matches("[A-Za-z\\p{Punct} ]{1,20}") && v.chars().anyMatch(Character::isLetter)),
    /** 5 Chinese characters at most ("配送中"). */
    PHRASE("phrase", "1 to 5 Chinese characters", v -> v.matches("\\p{IsHan}{1,5}"));

    /** The most characters a {@code thing} value may have: a longer title must be cut to fit. */
    public static final int THING_MAX = 20;

    private static final Pattern KEY = Pattern.compile("([a-z_]+?)(\\d+)");

    private final String prefix;
    private final String rule;
    private final Predicate<String> accepts;

    KeywordType(String prefix, String rule, Predicate<String> accepts) {
        this.prefix = prefix;
        this.rule = rule;
        this.accepts = accepts;
    }

    /** The type a keyword's key names ({@code thing1} -> THING); empty for a key of no known type. */
    public static Optional<KeywordType> ofKey(String key) {
        var m = key == null ? null : KEY.matcher(key);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        for (KeywordType t : values()) {
            if (t.prefix.equals(m.group(1))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The key's prefix ({@code character_string}). */
    public String prefix() {
        return prefix;
    }

    /** What a value must be, for messages that name it. */
    public String rule() {
        return rule;
    }

    /** True when WeChat takes {@code value} for a keyword of this type (never for null or empty). */
    public boolean accepts(String value) {
        return value != null && !value.isEmpty() && accepts.test(value);
    }

    private static int length(String v) {
        return v.codePointCount(0, v.length());
    }

    /** The date and time forms WeChat's examples and widely sent values use. */
    private static final class Times {
        private static final String MONTH = "(0?[1-9]|1[0-2])";
        private static final String DAY = "(0?[1-9]|[12]\\d|3[01])";
        private static final String D = "(\\d{4}-" + MONTH + "-" + DAY + "|\\d{4}/" + MONTH + "/" + DAY
                + "|\\d{4}年" + MONTH + "月" + DAY + "日)";
        private static final String T = "(([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?)";
        private static final String ONE_TIME = "(" + D + " ?)?" + T;
        private static final String ONE_DATE = D + "( ?" + T + ")?";
        static final Pattern TIME = Pattern.compile(ONE_TIME + "( ?~ ?" + ONE_TIME + ")?");
        static final Pattern DATE = Pattern.compile(ONE_DATE + "( ?~ ?" + ONE_DATE + ")?");

        private Times() {
        }
    }
}
