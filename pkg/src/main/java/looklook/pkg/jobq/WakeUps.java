package looklook.pkg.jobq;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

/**
 * What wakes a job server's idle fetcher: a subscription to its queues' wake channels, on a pool
 * connection of its own, turned into a flag the fetcher waits on with a local timeout. The timeout
 * is local because a Redis-side one (a BLPOP's) ends only at Redis's next cron tick on an idle
 * server, up to 100 ms late. A message lost while the subscription is down costs at most the
 * fetcher's capped wait; each new subscription wakes the fetcher once to look again.
 */
final class WakeUps implements AutoCloseable {
    /** An idle subscription is pinged this often; one whose last ping went unanswered that long is reopened. */
    private static final long PING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final JedisPooled redis;
    private final String[] channels;
    private final Consumer<RuntimeException> onFailure;
    private final Thread listener;
    private final Object lock = new Object();
    /**
     * Guards the writes on the subscription's connection from other threads (PING, UNSUBSCRIBE); they
     * wait for the subscription to be confirmed, so they never cross the listener's own SUBSCRIBE.
     */
    private final Object writes = new Object();
    private boolean woken; // guarded by lock
    private volatile boolean open = true;
    /** The current subscription and its connection: a new pair each time, so no state of a dead one carries over. */
    private volatile Listener sub = new Listener();
    private volatile Connection conn;
    private volatile long pingSentNanos;
    private volatile boolean pingUnanswered;

    WakeUps(JedisPooled redis, String[] channels, Consumer<RuntimeException> onFailure) {
        this.redis = redis;
        this.channels = channels.clone();
        this.onFailure = onFailure;
        this.listener = new Thread(this::listen, "job-wakeups");
        listener.setDaemon(true);
    }

    void start() {
        listener.start();
    }

    private void listen() {
        while (open) {
            Connection c = null;
            try {
                c = redis.getPool().getResource();
                Listener s = new Listener();
                synchronized (writes) {
                    sub = s;
                    conn = c;
                }
                s.proceed(c, channels); // returns once unsubscribed
            } catch (RuntimeException e) {
                if (open) {
                    onFailure.accept(e);
                }
            } finally {
                conn = null;
                if (c != null) {
                    // dropped, never handed to another user: a late PING or UNSUBSCRIBE reply may still be on its way
                    c.setBroken();
                    try {
                        c.close();
                    } catch (RuntimeException ignored) {
                        // the pool is closed
                    }
                }
            }
            if (open) {
                wake(); // messages may have been lost meanwhile
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return; // close()
                }
            }
        }
    }

    /** Waits for a wake-up until {@code deadline} ({@link System#nanoTime()}); returns at once when one came since the last call. */
    void awaitUntil(long deadline) throws InterruptedException {
        synchronized (lock) {
            long left;
            while (!woken && open && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            woken = false;
        }
    }

    private void wake() {
        synchronized (lock) {
            woken = true;
            lock.notifyAll();
        }
    }

    /**
     * Pings the subscription now and then, and drops it when the last ping went unanswered: a
     * subscription reads without a timeout, so a connection dead without a reset would otherwise
     * leave the fetcher on its capped waits for good.
     */
    void keepAlive() {
        synchronized (writes) {
            Connection c = conn;
            Listener s = sub;
            if (c == null || !s.isSubscribed() || System.nanoTime() - pingSentNanos < PING_EVERY_NANOS) {
                return;
            }
            if (pingUnanswered) {
                drop(c); // the listener's read fails, and it subscribes again
                return;
            }
            pingUnanswered = true;
            pingSentNanos = System.nanoTime();
            try {
                s.ping();
            } catch (RuntimeException e) {
                drop(c);
            }
        }
    }

    /**
     * Closes the subscription's socket. {@code disconnect()} flushes first and throws when bytes of a
     * ping that failed to go out are still buffered; it closes the socket all the same.
     */
    private static void drop(Connection c) {
        try {
            c.disconnect();
        } catch (RuntimeException alreadyClosed) {
            // the socket is closed in disconnect()'s finally: the listener's read fails as intended
        }
    }

    /** Wakes the fetcher for good and ends the subscription. */
    @Override
    public void close() {
        open = false;
        wake();
        listener.interrupt(); // a listener sleeping before it subscribes again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            while (listener.isAlive() && System.nanoTime() - deadline < 0) {
                unsubscribe();
                listener.join(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = conn;
        if (listener.isAlive() && c != null) {
            c.disconnect(); // Redis did not answer the UNSUBSCRIBE: end the read that waits for it
        }
    }

    private void unsubscribe() {
        synchronized (writes) {
            Listener s = sub;
            if (s.isSubscribed()) {
                try {
                    s.unsubscribe();
                } catch (RuntimeException ignored) {
                    // the connection is gone: the listener's read fails too
                }
            }
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onMessage(String channel, String message) {
            wake();
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels < channels.length) {
                return;
            }
            pingUnanswered = false;
            pingSentNanos = System.nanoTime();
            if (!open) {
                unsubscribe(); // close() came while we were subscribing
            }
            wake(); // anything enqueued before we listened
        }

        @Override
        public void onPong(String pattern) {
            pingUnanswered = false;
        }
    }
}
