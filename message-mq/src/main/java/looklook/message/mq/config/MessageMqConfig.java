package looklook.message.mq.config;

import java.util.Set;
import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.ConsumerConf;
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
 * @param attempts         tries of a message's own failure before it is dead-lettered (default 8); WeChat
 *                         or Redis being down spends none (the partition pauses instead)
 * @param backoffMs        wait before the second try, doubled for each further one (default 500: about a minute in all)
 * @param maxPollRecords   and the three keys after it: as in {@link ConsumerConf}, with its defaults
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
        @OptionalKey Long backoffMs,
        @OptionalKey Integer maxPollRecords,
        @OptionalKey Long maxPollIntervalMs,
        @OptionalKey Long stallLimitMs,
        @OptionalKey Long dependencyBackoffMaxMs) {

    private static final Set<String> STATES = Set.of("developer", "trial", "formal");

    public MessageMqConfig {
        miniprogramState = miniprogramState == null ? "formal" : miniprogramState;
        keyPrefix = keyPrefix == null ? "looklook:message-mq:" : keyPrefix;
        topic = topic == null ? WxMiniTplMessage.TOPIC : topic;
        group = group == null ? "message-mq" : group;
        // the consumer keys live at the top level here (message-mq consumes one topic); ConsumerConf
        // checks them and fills the defaults of the polling keys
        ConsumerConf consumer = new ConsumerConf(topic, group, attempts == null ? 8 : attempts, backoffMs == null ? 500L : backoffMs,
                maxPollRecords, maxPollIntervalMs, stallLimitMs, dependencyBackoffMaxMs);
        attempts = consumer.attempts();
        backoffMs = consumer.backoffMs();
        maxPollRecords = consumer.maxPollRecords();
        maxPollIntervalMs = consumer.maxPollIntervalMs();
        stallLimitMs = consumer.stallLimitMs();
        dependencyBackoffMaxMs = consumer.dependencyBackoffMaxMs();
        if (!STATES.contains(miniprogramState)) {
            throw new IllegalArgumentException("MiniprogramState: " + miniprogramState + " (expected developer, trial or formal)");
        }
        if (keyPrefix.isBlank()) {
            throw new IllegalArgumentException("KeyPrefix: empty (expected e.g. looklook:message-mq:)");
        }
    }

    /** The consumer loop's topic, group, retry schedule and polling. */
    public KafkaQueue.Options queue() {
        return new ConsumerConf(topic, group, attempts, backoffMs, maxPollRecords, maxPollIntervalMs, stallLimitMs,
                dependencyBackoffMaxMs).options();
    }
}
