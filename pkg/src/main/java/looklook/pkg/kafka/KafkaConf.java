package looklook.pkg.kafka;

import java.util.List;

/** go-zero's kq config: the brokers to bootstrap from. */
public record KafkaConf(List<String> brokers) {
    public KafkaConf {
        if (brokers != null && brokers.isEmpty()) {
            throw new IllegalArgumentException("Brokers: empty list (expected at least one host:port)");
        }
        brokers = brokers == null ? null : List.copyOf(brokers);
    }
}
