package looklook.message.mq.logic;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import looklook.message.mq.model.DeliveryMarks;
import looklook.message.mq.model.DeliveryMarks.Claim;
import looklook.message.mq.model.DeliveryMarks.Claimed;
import looklook.message.mq.model.DeliveryMarks.Done;
import looklook.message.mq.model.Outcome;
import looklook.message.mq.svc.ServiceContext;
import looklook.pkg.events.WxMiniTplMessage;
import looklook.pkg.kafka.DependencyFailures;
import looklook.pkg.kafka.DependencyUnavailableException;
import looklook.pkg.wechat.SubscribeMessage;
import looklook.pkg.wechat.SubscribeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/** Sends one subscribe message at most once per message id, and says what became of it. */
public final class SendWxMiniTplMessageLogic {
    private static final Logger log = LoggerFactory.getLogger(SendWxMiniTplMessageLogic.class);
    private static final long BUSY_POLL_MS = 100;
    private static final long MARK_RETRY_MS = 500;

    private final ServiceContext svc;
    private final DeliveryMarks marks;

    public SendWxMiniTplMessageLogic(ServiceContext svc) {
        this.svc = requireNonNull(svc, "svc");
        this.marks = svc.marks();
    }

    /**
     * Sends {@code m} unless it was handled before. A transient failure throws, so that the queue
     * tries again: WeChat or Redis being down as a {@link DependencyUnavailableException}, which
     * spends none of the message's tries (every message would meet it alike).
     */
    public Outcome sendWxMiniTplMessage(WxMiniTplMessage m) throws InterruptedException {
        // 1. claim it, or learn that it is done already
        Claim c;
        try {
            c = claimOrWait(m);
        } catch (RuntimeException e) {
            throw retry(m, e.toString(), e, DependencyFailures.isDependencyDown(e));
        }
        if (c instanceof Done done) {
            return count(m, Outcome.DUPLICATE, "already " + done.mark() + ": not sent again");
        }
        Claimed claim = (Claimed) c;
        // 2. send it
        SubscribeResult r;
        try {
            r = svc.wxMini().sendSubscribe(new SubscribeMessage(m.openid(), m.templateId(), m.page(),
                    svc.config().miniprogramState(), m.data() == null ? Map.of() : m.data()));
        } catch (RuntimeException e) {
            // WeChat unreachable, slow, answering 5xx or no JSON, or refusing our token: not this message's doing
            releaseQuietly(m, claim);
            throw retry(m, e.getMessage(), e, true);
        }
        // 3. record what WeChat said; only a transient answer leaves the message open
        if (r.sent()) {
            return finish(m, claim, Outcome.SENT, "sent msgid=" + r.msgid());
        }
        if (r.errcode() == SubscribeResult.USER_REFUSED) {
            return finish(m, claim, Outcome.REFUSED, "refused errcode=" + r.errcode());
        }
        if (r.retryable()) {
            // busy, rate or daily limit, token trouble: WeChat's state, not the message's
            releaseQuietly(m, claim);
            throw retry(m, "errcode " + r.errcode() + " " + r.errmsg(), null, true);
        }
        return finish(m, claim, Outcome.REJECTED, "rejected errcode=" + r.errcode() + " " + r.errmsg());
    }

    /** A busy claim is another replica sending it (or a dead one's claim expiring): wait for its verdict. */
    private Claim claimOrWait(WxMiniTplMessage m) throws InterruptedException {
        Duration patience = marks.claimTtl().plusSeconds(1);
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Claim c = marks.claim(m.messageId());
            if (!(c instanceof DeliveryMarks.Busy)) {
                return c;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("claimed by another sender for over " + patience);
            }
            Thread.sleep(BUSY_POLL_MS);
        }
    }

    private Outcome finish(WxMiniTplMessage m, Claimed claim, Outcome outcome, String mark) throws InterruptedException {
        // WeChat has decided: a lost mark would mean a second send, so ride out a short Redis outage
        long deadline = System.nanoTime() + marks.claimTtl().toNanos();
        while (true) {
            try {
                marks.finish(m.messageId(), claim, mark);
                break;
            } catch (JedisException e) {
                if (System.nanoTime() > deadline) {
                    log.error("subscribe message {} order {} {} but its mark was not stored: a redelivery may send it again",
                            m.messageId(), m.orderSn(), mark, e);
                    throw e;
                }
                Thread.sleep(MARK_RETRY_MS);
            }
        }
        return count(m, outcome, mark);
    }

    private Outcome count(WxMiniTplMessage m, Outcome outcome, String detail) {
        svc.outcome(outcome).increment();
        switch (outcome) {
            case SENT, DUPLICATE -> log.info("subscribe message {} order {} outcome={} {}", m.messageId(), m.orderSn(),
                    outcome.code(), detail);
            case REFUSED -> log.warn("subscribe message {} order {} outcome={} {}: the user declined, not retried",
                    m.messageId(), m.orderSn(), outcome.code(), detail);
            default -> log.error("subscribe message {} order {} outcome={} {}: not retried", m.messageId(), m.orderSn(),
                    outcome.code(), detail);
        }
        return outcome;
    }

    /** {@code outage}: a dependency is down, so the queue waits for it without spending the message's tries. */
    private RuntimeException retry(WxMiniTplMessage m, String why, Throwable cause, boolean outage) {
        svc.outcome(Outcome.RETRY).increment();
        log.warn("subscribe message {} order {} outcome=retry{}: {}", m.messageId(), m.orderSn(), outage ? " (dependency down)" : "",
                why);
        String message = "subscribe message " + m.messageId() + " not sent: " + why;
        return outage ? new DependencyUnavailableException(message, cause) : new IllegalStateException(message, cause);
    }

    private void releaseQuietly(WxMiniTplMessage m, Claimed claim) {
        try {
            marks.release(m.messageId(), claim);
        } catch (RuntimeException e) {
            // the claim expires on its own; the retry waits for it
            log.warn("subscribe message {} order {}: claim not released: {}", m.messageId(), m.orderSn(), e.toString());
        }
    }
}
