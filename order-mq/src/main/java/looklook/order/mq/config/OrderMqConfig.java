package looklook.order.mq.config;

import looklook.pkg.conf.DevServerConf;
import looklook.pkg.conf.RpcClientConf;
import looklook.pkg.kafka.ConsumerConf;
import looklook.pkg.kafka.KafkaConf;

/**
 * etc/order-mq.yaml.
 *
 * @param kafkaConf               the brokers the consumer and its dead-letter producer use
 * @param paymentUpdateStatusConf the pay status topic, group, retry budget and polling (looklook's key name)
 * @param paymentRpcConf          where a payment that arrived for an already cancelled order is refunded
 */
public record OrderMqConfig(
        String name,
        DevServerConf devServer,
        KafkaConf kafkaConf,
        ConsumerConf paymentUpdateStatusConf,
        RpcClientConf orderRpcConf,
        RpcClientConf paymentRpcConf) {
}
