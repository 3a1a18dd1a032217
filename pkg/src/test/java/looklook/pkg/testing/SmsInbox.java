package looklook.pkg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a phone's texts in the simulator ({@code GET /sim/v1/sms?mobile=}), as its user would. */
public final class SmsInbox {
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private SmsInbox() {
    }

    /** The 6-digit code in the newest text to {@code mobile}; fails when there is none. */
    public static String lastCode(int simPort, String mobile) throws IOException, InterruptedException {
        JsonNode texts = Http.get(simPort, "/sim/v1/sms?mobile=" + mobile);
        if (!texts.isArray() || texts.isEmpty()) {
            throw new IOException("no SMS to " + mobile + " in the simulator: " + texts);
        }
        String text = texts.get(texts.size() - 1).path("text").asText();
        Matcher m = CODE.matcher(text);
        if (!m.find()) {
            throw new IOException("no 6-digit code in \"" + text + "\"");
        }
        return m.group(1);
    }
}
