package looklook.pkg.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;

/**
 * The operator's command for dead letters ({@code ./mesh dlq ...} runs it):
 * {@code list <dlq-topic>} prints each letter's id, key, reason and origin; {@code replay <dlq-topic>
 * all|<id>...} publishes those letters back onto the topic they came from. Brokers from
 * {@code LOOKLOOK_KAFKA_BROKERS} (default {@code 127.0.0.1:19092}).
 */
public final class DeadLetterMain {
    private DeadLetterMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("list") || args[0].equals("replay")) || (args[0].equals("replay") && args.length < 3)) {
            System.err.println("usage: list <topic>-dlq | replay <topic>-dlq all|<partition@offset>...");
            System.exit(2);
        }
        KafkaConf conf = new KafkaConf(List.of(System.getenv().getOrDefault("LOOKLOOK_KAFKA_BROKERS", "127.0.0.1:19092").split(",")));
        DeadLetters dlq = new DeadLetters(conf, args[1]);
        if (args[0].equals("list")) {
            List<DeadLetters.Letter> letters = dlq.list();
            for (DeadLetters.Letter l : letters) {
                System.out.printf("%s\tkey=%s\treason=%s\torigin=%s%n\t%s%n", l.id(), l.key(), l.reason(), l.origin(), l.value());
            }
            System.out.printf("%d dead letter(s) in %s%n", letters.size(), args[1]);
            return;
        }
        Predicate<DeadLetters.Letter> which = args[2].equals("all") ? l -> true
                : DeadLetters.ids(Set.of(Arrays.copyOfRange(args, 2, args.length)));
        try (Producer<String, String> producer = Kafka.producer(conf, "dlq-replay")) {
            int n = dlq.replay(which, producer);
            System.out.printf("%d dead letter(s) replayed from %s onto %s%n", n, args[1], dlq.originTopic());
        }
    }
}
