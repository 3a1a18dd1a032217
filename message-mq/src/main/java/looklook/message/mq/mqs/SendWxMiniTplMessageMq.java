package looklook.message.mq.mqs;

import static java.util.Objects.requireNonNull;

import looklook.message.mq.logic.SendWxMiniTplMessageLogic;
import looklook.message.mq.model.Outcome;
import looklook.message.mq.svc.ServiceContext;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.KafkaQueue;
import looklook.pkg.kafka.PoisonMessageException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The consumer of {@code send-wx-mini-tpl-message}: parses a record and hands it to the logic. */
public final class SendWxMiniTplMessageMq implements KafkaQueue.Handler {
    private static final Logger log = LoggerFactory.getLogger(SendWxMiniTplMessageMq.class);

    private final ServiceContext svc;
    private final SendWxMiniTplMessageLogic logic;

    public SendWxMiniTplMessageMq(ServiceContext svc) {
        this.svc = requireNonNull(svc, "svc");
        this.logic = new SendWxMiniTplMessageLogic(svc);
    }

    @Override
    public void handle(ConsumerRecord<String, String> r) throws InterruptedException {
        WxMiniTplMessage m;
        try {
            m = Payloads.read(r.value(), WxMiniTplMessage.class);
        } catch (IllegalArgumentException e) {
            // no retry can make it parse: straight to the dead-letter topic, and the partition moves on
            svc.outcome(Outcome.POISON).increment();
            log.warn("subscribe message record {}-{}@{} key={} outcome=poison: {}", r.topic(), r.partition(), r.offset(), r.key(),
                    e.getMessage());
            throw new PoisonMessageException(e.getMessage(), e);
        }
        logic.sendWxMiniTplMessage(m);
    }
}
