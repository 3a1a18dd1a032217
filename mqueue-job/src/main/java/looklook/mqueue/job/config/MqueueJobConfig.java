package looklook.mqueue.job.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.OptionalKey;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.kafka.KafkaConf;

/**
 * etc/mqueue-job.yaml.
 *
 * @param redis           the job queue and the scheduler's lock
 * @param jobNamespace    the job queue's key namespace (default the mesh's; tests use their own)
 * @param concurrency     handlers running at once (default 8)
 * @param kafkaConf       where the subscribe messages are published
 * @param tplMessageTopic the subscribe-message topic (default {@code send-wx-mini-tpl-message}; tests use their own)
 * @param wxMini          the two subscribe-message templates
 * @param scheduler       the periodic entries and their lock
 */
public record MqueueJobConfig(
        String name,
        DevServerConf devServer,
        RedisConf redis,
        String jobNamespace,
        Integer concurrency,
        KafkaConf kafkaConf,
        @OptionalKey String tplMessageTopic,
        RpcClientConf orderRpcConf,
        RpcClientConf paymentRpcConf,
        RpcClientConf usercenterRpcConf,
        WxMiniMsgConf wxMini,
        SchedulerConf scheduler) {

    public MqueueJobConfig {
        jobNamespace = jobNamespace == null ? JobClient.DEFAULT_NAMESPACE : jobNamespace;
        concurrency = concurrency == null ? 8 : concurrency;
        tplMessageTopic = tplMessageTopic == null || tplMessageTopic.isBlank() ? WxMiniTplMessage.TOPIC : tplMessageTopic;
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("Concurrency: " + concurrency + " (expected 1..256)");
        }
    }
}
