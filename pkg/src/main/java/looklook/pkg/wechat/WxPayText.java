package looklook.pkg.wechat;

import java.nio.charset.StandardCharsets;

/** Free text WeChat Pay takes with a byte limit, made to fit before it is sent (and stored as sent). */
public final class WxPayText {
    /** A prepay's {@code description}: string(127), counted in UTF-8 bytes (a Chinese character takes 3). */
    public static final int DESCRIPTION_MAX_BYTES = 127;

    private WxPayText() {
    }

    /**
     * {@code text} cut to at most {@link #DESCRIPTION_MAX_BYTES} UTF-8 bytes, at a character (code
     * point) boundary: a long homestay title still prepays instead of being refused PARAM_ERROR.
     */
    public static String description(String text) {
        return cut(text, DESCRIPTION_MAX_BYTES);
    }

    /** The longest prefix of {@code text} that takes at most {@code maxBytes} in UTF-8, never half a character. */
    static String cut(String text, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
