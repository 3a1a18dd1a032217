package looklook.order.mq;

import java.util.LinkedHashMap;
import java.util.Map;
import looklook.order.mq.config.OrderMqConfig;
import looklook.order.mq.mqs.PaymentUpdateStatusMq;
import looklook.order.mq.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Launcher;

/** {@code java -jar order-mq.jar -f etc/order-mq.yaml}. */
public final class OrderMqMain {
    private OrderMqMain() {
    }

    public static void main(String[] args) {
        Launcher.run("order-mq", () -> start(ConfLoader.fromArgs(args, "etc/order-mq.yaml", OrderMqConfig.class)));
    }

    /** Starts the consumer and the dev server; closing the result stops them in order. */
    public static AutoCloseable start(OrderMqConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        DevServer dev = null;
        KafkaQueue queue = null;
        try {
            queue = queue(svc);
            Map<String, HealthCheck> checks = new LinkedHashMap<>();
            checks.put("order-rpc", Checks.rpc(svc.orderChannel()));
            checks.put("consumer", queue.health());
            dev = DevServer.start(c.devServer(), svc.metrics(), checks);
            KafkaQueue started = queue.start();
            DevServer startedDev = dev;
            return () -> {
                // the consumer first: it finishes the record in hand and commits while its dependencies are still up
                started.close();
                startedDev.close();
                svc.close();
            };
        } catch (Exception | Error e) {
            if (queue != null) {
                queue.close();
            }
            if (dev != null) {
                dev.close();
            }
            svc.close();
            throw e;
        }
    }

    /** The payment-update-paystatus-topic consumer, not started. */
    public static KafkaQueue queue(ServiceContext svc) {
        OrderMqConfig c = svc.config();
        return new KafkaQueue(c.kafkaConf(), c.paymentUpdateStatusConf().options(), new PaymentUpdateStatusMq(svc),
                svc.dlqProducer(), svc.metrics());
    }
}
