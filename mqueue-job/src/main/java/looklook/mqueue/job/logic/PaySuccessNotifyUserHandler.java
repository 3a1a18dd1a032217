package looklook.mqueue.job.logic;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import looklook.mqueue.job.svc.ServiceContext;
import looklook.pkg.events.NotifyUserPaySuccessJob;
import looklook.pkg.events.OrderTradeState;
import looklook.pkg.events.Payloads;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.jobq.JobHandler;
import looklook.pkg.jobq.SkipRetryException;
import looklook.pkg.jobq.Task;
import looklook.pkg.rpc.RpcCalls;
import looklook.proto.order.HomestayOrder;
import looklook.proto.usercenter.GetUserAuthByUserIdReq;
import looklook.proto.usercenter.GetUserAuthyUserIdResp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code msg:pay_success:notify_user}: publishes the two subscribe messages of a paid order for
 * message-mq to send. The job completes only once Kafka acknowledged both; a retry publishes both
 * again under the same message ids, and message-mq's dedupe makes that harmless.
 */
public final class PaySuccessNotifyUserHandler implements JobHandler {
    private static final Logger log = LoggerFactory.getLogger(PaySuccessNotifyUserHandler.class);
    /** looklook's auth type for the mini program's openid. */
    private static final String WX_MINI = "wxMini";
    /** Above the producer's delivery timeout (15 s), so the producer's own verdict arrives first. */
    private static final long ACK_WAIT_SECONDS = 20;
    private final ServiceContext svc;

    public PaySuccessNotifyUserHandler(ServiceContext svc) {
        this.svc = svc;
    }

    @Override
    public void handle(Task task) throws InterruptedException, ExecutionException, TimeoutException {
        String sn = Jobs.payload(task.payload(), NotifyUserPaySuccessJob.class).orderSn();

        // 1. the order, which must be paid: a job for anything else has nothing true to say
        HomestayOrder order = Jobs.order(svc.orderRpc(), sn)
                .orElseThrow(() -> new SkipRetryException("order " + sn + " not found"));
        if (order.getTradeState() != OrderTradeState.PAID.code()) {
            log.info("notify user of order {}: trade state is {}, not paid: nothing sent", sn, order.getTradeState());
            return;
        }

        // 2. the user's mini-program openid
        GetUserAuthyUserIdResp auth = RpcCalls.call(() -> svc.usercenterRpc().getUserAuthByUserId(
                GetUserAuthByUserIdReq.newBuilder().setUserId(order.getUserId()).setAuthType(WX_MINI).build()));
        if (!auth.hasUserAuth() || auth.getUserAuth().getAuthKey().isEmpty()) {
            throw new SkipRetryException("order " + sn + ": user " + order.getUserId()
                    + " has no wxMini auth, so no openid to send the subscribe messages to");
        }
        String openid = auth.getUserAuth().getAuthKey();

        // 3. publish both, then wait for both acks: a failure retries the job
        List<WxMiniTplMessage> messages;
        try {
            messages = PaySuccessMessages.of(order, openid, svc.config().wxMini());
        } catch (PaySuccessMessages.InvalidTemplateData e) {
            // WeChat would refuse it (47003) on every try: our bug, so nothing is sent and the job is archived
            log.error("notify user of order {}: not sent, a message does not fit its template: {}", sn, e.getMessage());
            throw new SkipRetryException(e.getMessage(), e);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (WxMiniTplMessage m : messages) {
            acks.add(svc.producer().send(new ProducerRecord<>(svc.config().tplMessageTopic(), openid, Payloads.write(m))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(ACK_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        log.info("notify user of order {}: {} subscribe messages published for user {}", sn, acks.size(), order.getUserId());
    }
}
