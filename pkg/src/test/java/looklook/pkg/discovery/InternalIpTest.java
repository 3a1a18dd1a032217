package looklook.pkg.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternalIpTest {
    @Test
    void advertised_replacesTheWildcardWithARealAddress() {
        String a = InternalIp.advertised("0.0.0.0", 2004);
        assertThat(a).endsWith(":2004").doesNotStartWith("0.0.0.0");
        assertThat(a).isEqualTo(InternalIp.firstIpv4().orElse("127.0.0.1") + ":2004");
        assertThat(InternalIp.advertised("", 2004)).isEqualTo(a);
    }

    @Test
    void advertised_keepsAConcreteHost() {
        assertThat(InternalIp.advertised("127.0.0.1", 2004)).isEqualTo("127.0.0.1:2004");
    }

    @Test
    void hostPorts_parseAndNameBadInput() {
        assertThat(HostPorts.parse("127.0.0.1:2004").getPort()).isEqualTo(2004);
        assertThat(HostPorts.parse("[::1]:2004").getAddress().isLoopbackAddress()).isTrue();
        assertThatThrownBy(() -> HostPorts.parse("127.0.0.1")).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> HostPorts.parse("h:http")).hasMessageContaining("numeric port");
        assertThatThrownBy(() -> HostPorts.parse("h:70000")).hasMessageContaining("0..65535");
    }
}
