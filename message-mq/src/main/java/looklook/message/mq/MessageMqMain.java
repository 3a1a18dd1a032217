package looklook.message.mq;

import java.util.LinkedHashMap;
import java.util.Map;
import looklook.message.mq.config.MessageMqConfig;
import looklook.message.mq.mqs.SendWxMiniTplMessageMq;
import looklook.message.mq.svc.ServiceContext;
import looklook.pkg.conf.ConfLoader;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.ops.Checks;
import looklook.pkg.ops.DevServer;
import looklook.pkg.ops.HealthCheck;
import looklook.pkg.ops.Launcher;
import looklook.pkg.wechat.WechatEndpoints;

/** {@code java -jar message-mq.jar -f etc/message-mq.yaml}. */
public final class MessageMqMain {
    private MessageMqMain() {
    }

    public static void main(String[] args) {
        Launcher.run("message-mq", () -> {
            MessageMqConfig c = ConfLoader.fromArgs(args, "etc/message-mq.yaml", MessageMqConfig.class);
            // a production config with sandbox endpoints refuses to start here, before anything listens
            WechatEndpoints.check("message-mq", c.wxMiniConf());
            return start(c);
        });
    }

    /** Starts the consumer and the dev server; closing the result stops the consumer first, then the rest. */
    public static AutoCloseable start(MessageMqConfig c) throws Exception {
        ServiceContext svc = new ServiceContext(c);
        DevServer dev = null;
        KafkaQueue queue = null;
        try {
            queue = new KafkaQueue(c.kafkaConf(), c.queue(), new SendWxMiniTplMessageMq(svc), svc.producer(), svc.metrics());
            Map<String, HealthCheck> checks = new LinkedHashMap<>();
            checks.put("redis", Checks.redis(svc.redis()));
            checks.put("kafka", svc.kafkaCheck());
            checks.put("consumer", queue.health());
            dev = DevServer.start(c.devServer(), svc.metrics(), checks);
            KafkaQueue started = queue.start();
            DevServer startedDev = dev;
            return () -> {
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
}
