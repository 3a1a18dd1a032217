package looklook.pkg.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
    private static final ClientAddress NO_PROXY = ClientAddress.trusting(List.of());
    private static final ClientAddress BEHIND_LB = ClientAddress.trusting(List.of("10.0.0.0/8", "192.168.1.7"));

    @Test
    void withoutTrustedProxies_theSocketPeerIsTheClient_whateverTheHeaderSays() {
        assertThat(NO_PROXY.of("198.51.100.4", List.of("203.0.113.9"))).isEqualTo("198.51.100.4");
        assertThat(NO_PROXY.of("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            // a trusted proxy's peer: the nearest hop that is not ours; hops further left are the client's word
            "10.1.2.3    | 203.0.113.9                       | 203.0.113.9",
            "10.1.2.3    | 1.1.1.1, 203.0.113.9              | 203.0.113.9",
            "10.1.2.3    | 1.1.1.1, 203.0.113.9, 10.9.9.9    | 203.0.113.9",
            "192.168.1.7 | 203.0.113.9                       | 203.0.113.9",
            // an untrusted peer's header is ignored
            "192.168.1.8 | 203.0.113.9                       | 192.168.1.8",
            "198.51.100.4| 10.1.1.1                          | 198.51.100.4",
            // a hop that is not an IP literal (never looked up): the last address we can vouch for
            "10.1.2.3    | evil.example.com                  | 10.1.2.3",
            "10.1.2.3    | 203.0.113.9, evil.example.com     | 10.1.2.3",
            "10.1.2.3    | dead.beef.cafe                    | 10.1.2.3",
            "10.1.2.3    | 999.1.1.1                         | 10.1.2.3",
            // no header at all
            "10.1.2.3    |                                   | 10.1.2.3",
            // every hop ours: the leftmost
            "10.1.2.3    | 10.4.4.4, 10.5.5.5                | 10.4.4.4",
    })
    void behindTrustedProxies_theNearestUntrustedHopIsTheClient(String peer, String forwardedFor, String client) {
        assertThat(BEHIND_LB.of(peer, forwardedFor == null ? List.of() : List.of(forwardedFor))).isEqualTo(client);
    }

    @Test
    void severalForwardedForHeaders_readAsOneList() {
        assertThat(BEHIND_LB.of("10.1.2.3", List.of("1.1.1.1", "203.0.113.9"))).isEqualTo("203.0.113.9");
    }

    @Test
    void ipv6Clients_shareTheirSlash64() {
        assertThat(NO_PROXY.of("2001:db8:1:2:aaaa::1", List.of())).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(NO_PROXY.of("[2001:db8:1:2:bbbb::9]", List.of())).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(NO_PROXY.of("2001:db8:1:3::1", List.of())).isEqualTo("2001:db8:1:3:0:0:0:0/64");
    }

    @Test
    void badTrustedProxy_failsAtStartNamingIt() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.internal"))).hasMessageContaining("TrustedProxies: proxy.internal");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).hasMessageContaining("prefix length 0..32");
    }
}
