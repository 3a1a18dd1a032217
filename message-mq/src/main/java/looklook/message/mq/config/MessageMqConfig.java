package looklook.message.mq.config;

import java.time.Duration;
import java.util.Set;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.KafkaConf;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.wechat.WxMiniConf;

/**
 * etc/message-mq.yaml.
 *
 * @param kafkaConf        where {@code send-wx-mini-tpl-message} is consumed and its dead letters go
 * @param redis            holds the dedupe marks
 * @param miniprogramState which version of the mini program a message opens: developer, trial or formal (default)
 * @param keyPrefix        prefix of the dedupe keys (default {@code looklook:message-mq:}); tests use their own
 * @param topic            default {@code send-wx-mini-tpl-message}
 * @param group            consumer group, default {@code message-mq}
 * @param attempts         tries of a transient failure before the message is dead-lettered (default 8)
 * @param backoffMs        wait before the second try, doubled for each further one (default 500: about a minute in all)
 */
public record MessageMqConfig(
        String name,
        DevServerConf devServer,
        KafkaConf kafkaConf,
        RedisConf redis,
        WxMiniConf wxMiniConf,
        @OptionalKey String miniprogramState,
        @OptionalKey String keyPrefix,
        @OptionalKey String topic,
        @OptionalKey String group,
        @OptionalKey Integer attempts,
        @OptionalKey Long backoffMs) {

    private static final Set<String> STATES = Set.of("developer", "trial", "formal");

    public MessageMqConfig {
        miniprogramState = miniprogramState == null ? "formal" : miniprogramState;
        keyPrefix = keyPrefix == null ? "looklook:message-mq:" : keyPrefix;
        topic = topic == null ? WxMiniTplMessage.TOPIC : topic;
        group = group == null ? "message-mq" : group;
        attempts = attempts == null ? 8 : attempts;
        backoffMs = backoffMs == null ? 500L : backoffMs;
        if (!STATES.contains(miniprogramState)) {
            throw new IllegalArgumentException("MiniprogramState: " + miniprogramState + " (expected developer, trial or formal)");
        }
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("KeyPrefix: empty (expected e.g. looklook:message-mq:)");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("Attempts: " + attempts + " (expected >= 1)");
        }
        if (backoffMs < 0) {
            throw new IllegalArgumentException("BackoffMs: " + backoffMs + " (expected >= 0)");
        }
    }

    /** The consumer loop's topic, group and retry schedule. */
    public KafkaQueue.Options queue() {
        return new KafkaQueue.Options(topic, group, attempts, Duration.ofMillis(backoffMs));
    }
}
