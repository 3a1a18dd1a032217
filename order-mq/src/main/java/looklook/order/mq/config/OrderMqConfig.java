package looklook.order.mq.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RedisConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.jobq.JobClient;
import looklook.pkg.kafka.ConsumerConf;
import looklook.pkg.kafka.KafkaConf;

/**
 * etc/order-mq.yaml.
 *
 * @param kafkaConf               the brokers the consumer and its dead-letter producer use
 * @param paymentUpdateStatusConf the pay status topic, group, retry budget and polling (looklook's key name)
 * @param redis                   the job queue the notify-user jobs go to
 * @param jobNamespace            the job queue's key namespace (default the mesh's; tests use their own)
 * @param paymentRpcConf          where a payment that arrived for an already cancelled order is refunded
 */
public record OrderMqConfig(
        String name,
        DevServerConf devServer,
        KafkaConf kafkaConf,
        ConsumerConf paymentUpdateStatusConf,
        RedisConf redis,
        String jobNamespace,
        RpcClientConf orderRpcConf,
        RpcClientConf paymentRpcConf) {

    public OrderMqConfig {
        jobNamespace = jobNamespace == null ? JobClient.DEFAULT_NAMESPACE : jobNamespace;
    }
}
