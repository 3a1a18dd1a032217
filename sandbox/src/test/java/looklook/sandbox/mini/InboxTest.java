package looklook.sandbox.mini;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboxTest {
    private static final Instant AT = Instant.parse("2026-12-07T00:00:00Z");

    private static long add(Inbox inbox, String user) {
        return inbox.add(user, "tpl", "pages/order", "formal", "zh_CN", null, AT);
    }

    @Test
    void since_givesOnlyLaterMessages_inArrivalOrder() {
        Inbox inbox = new Inbox();
        long a1 = add(inbox, "a");
        long b1 = add(inbox, "b");
        long a2 = add(inbox, "a");
        assertThat(inbox.since(null, a1)).extracting(Inbox.Message::msgid).containsExactly(b1, a2);
        assertThat(inbox.since("a", a1)).extracting(Inbox.Message::msgid).containsExactly(a2);
        assertThat(inbox.since(null, inbox.lastMsgid())).isEmpty();
        assertThat(inbox.of("a")).extracting(Inbox.Message::msgid).containsExactly(a1, a2);
        assertThat(inbox.of("nobody")).isEmpty();
    }

    @Test
    void pastItsBound_theOldestGo_fromTheWholeListAndTheirUsers() {
        Inbox inbox = new Inbox(3);
        add(inbox, "a");
        long b1 = add(inbox, "b");
        long a2 = add(inbox, "a");
        long c1 = add(inbox, "c");
        assertThat(inbox.of(null)).extracting(Inbox.Message::msgid).containsExactly(b1, a2, c1);
        assertThat(inbox.of("a")).extracting(Inbox.Message::msgid).containsExactly(a2);
        add(inbox, "c");
        add(inbox, "c");
        assertThat(inbox.of("a")).isEmpty();
        assertThat(inbox.of("b")).isEmpty();
        assertThat(inbox.of("c")).hasSize(3);
    }
}
