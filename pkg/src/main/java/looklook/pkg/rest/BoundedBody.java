package looklook.pkg.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import looklook.pkg.errors.BizException;
import looklook.pkg.errors.ErrorCode;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body with a byte limit and a deadline enforced on the stream itself, so neither
 * a chunked body, a Content-Length that lies, nor a sender that trickles can make the process hold
 * more than {@code limit} bytes or a thread longer than the deadline. Javalin's own limit reads
 * only the Content-Length header and would buffer a chunked body whole.
 */
final class BoundedBody {
    private static final int CHUNK = 8 << 10;

    private BoundedBody() {
    }

    /**
     * The body, at most {@code limit} bytes, in full within {@code timeoutMs}; else a 100008
     * (too large) or 100009 (too slow) error.
     */
    static byte[] read(HttpServletRequest req, long limit, long timeoutMs) {
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        // each blocking read may wait only until the deadline: the connector's idle timeout alone
        // restarts with every byte, so a byte every few seconds would hold the thread for hours
        EndPoint endPoint = endPoint(req);
        long idle = endPoint == null ? 0 : endPoint.getIdleTimeout();
        // a body that declares at most a chunk is read into an array of its size plus one byte (that
        // byte shows a longer body); any other grows as bytes arrive: a Content-Length alone, with
        // nothing behind it, reserves no more than a chunk
        byte[] buf = new byte[declared >= 0 && declared < CHUNK ? (int) declared + 1 : CHUNK];
        int filled = 0;
        ByteArrayOutputStream more = null;
        long total = 0;
        boolean timed = false;
        try {
            InputStream in = req.getInputStream();
            // every declared byte came with the headers (the usual small JSON body): no read can block,
            // and the idle timeout is left alone (shortening it cancels and schedules a timer task)
            boolean arrived = declared >= 0 && in.available() >= declared;
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw tooSlow(timeoutMs);
                }
                if (endPoint != null && !arrived) {
                    timed = true;
                    endPoint.setIdleTimeout(idle > 0 ? Math.min(idle, left) : left);
                }
                int n = in.read(buf, filled, (int) Math.min(buf.length - filled, limit + 1 - total));
                if (n < 0) {
                    if (more == null) {
                        return Arrays.copyOf(buf, filled);
                    }
                    more.write(buf, 0, filled);
                    return more.toByteArray();
                }
                filled += n;
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                if (filled == buf.length) {
                    if (more == null) {
                        more = new ByteArrayOutputStream(CHUNK);
                    }
                    more.write(buf, 0, filled);
                    filled = 0;
                    if (buf.length < CHUNK) {
                        buf = new byte[CHUNK];
                    }
                }
            }
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || isTimeout(e)) {
                throw tooSlow(timeoutMs);
            }
            throw BizException.badParam("request body could not be read");
        } finally {
            if (timed) {
                endPoint.setIdleTimeout(idle);
            }
        }
    }

    private static EndPoint endPoint(HttpServletRequest req) {
        Request base = Request.getBaseRequest(req);
        return base == null || base.getHttpChannel() == null ? null : base.getHttpChannel().getEndPoint();
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static BizException tooLarge(long limit) {
        return new BizException(ErrorCode.REQUEST_TOO_LARGE, "request body larger than " + limit + " bytes");
    }

    private static BizException tooSlow(long timeoutMs) {
        return new BizException(ErrorCode.REQUEST_TIMEOUT, "request body not received within " + timeoutMs + " ms");
    }
}
