package looklook.pkg.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/1.1 over a bare socket, for the requests a well-behaved client library will not send: a
 * chunked body of many MiB, a Content-Length that lies, a body that trickles and never ends.
 * Every exchange is bounded in time and stops by itself.
 */
public final class RawHttp {
    /** What came back: a status and body, or {@code status == 0} when the server closed without answering. */
    public record Answer(int status, String body, long millis) {
        /** True when the server closed the connection without an answer. */
        public boolean closed() {
            return status == 0;
        }
    }

    /** How the body is sent after the headers; it may fail once the server stops reading. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws IOException, InterruptedException;
    }

    private RawHttp() {
    }

    /** A chunked POST of {@code totalBytes} of {@code fill} (no Content-Length), sent as fast as the server reads. */
    public static Answer chunked(int port, String path, String token, long totalBytes, int waitMs) throws IOException {
        return exchange(port, path, token, "Transfer-Encoding: chunked\r\n", out -> {
            byte[] chunk = new byte[64 << 10];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < totalBytes; sent += chunk.length) {
                out.write(head);
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                chunk[0] = ' ';
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }, waitMs);
    }

    /** A chunked POST that sends one byte every {@code everyMs} and never ends (until {@code waitMs} passes). */
    public static Answer trickle(int port, String path, String token, long everyMs, int waitMs) throws IOException {
        return exchange(port, path, token, "Transfer-Encoding: chunked\r\n", out -> {
            long end = System.currentTimeMillis() + waitMs;
            while (System.currentTimeMillis() < end) {
                out.write("1\r\n \r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(everyMs);
            }
        }, waitMs);
    }

    /** A POST declaring {@code contentLength} and sending {@code body} (shorter, longer or equal), then waiting. */
    public static Answer declared(int port, String path, String token, long contentLength, String body, int waitMs)
            throws IOException {
        return exchange(port, path, token, "Content-Length: " + contentLength + "\r\n",
                out -> out.write(body.getBytes(StandardCharsets.UTF_8)), waitMs);
    }

    /** Sends the headers and the body (on its own thread), and reads the first answer within {@code waitMs}. */
    public static Answer exchange(int port, String path, String token, String framing, BodyWriter body, int waitMs)
            throws IOException {
        long start = System.currentTimeMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(waitMs);
            OutputStream out = s.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + framing + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException | InterruptedException e) {
                    // the server stopped reading: that is what these requests are for
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(s.getInputStream(), start);
            } finally {
                writer.interrupt();
            }
        }
    }

    private static Answer read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        try {
            while (true) {
                int headEnd = indexOf(buf.toByteArray(), "\r\n\r\n");
                if (headEnd >= 0) {
                    String head = buf.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd);
                    int length = contentLength(head);
                    if (length >= 0 && buf.size() >= headEnd + 4 + length) {
                        String body = new String(buf.toByteArray(), headEnd + 4, length, StandardCharsets.UTF_8);
                        return new Answer(Integer.parseInt(head.substring(9, 12)), body, System.currentTimeMillis() - start);
                    }
                }
                int n = in.read(b);
                if (n < 0) {
                    break;
                }
                buf.write(b, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within the wait", e);
        } catch (IOException reset) {
            // a reset after the answer still leaves what was read; without one it counts as closed
        }
        String all = buf.toString(StandardCharsets.UTF_8);
        if (all.startsWith("HTTP/1.1 ")) {
            int headEnd = all.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(all.substring(9, 12)), headEnd < 0 ? "" : all.substring(headEnd + 4),
                    System.currentTimeMillis() - start);
        }
        return new Answer(0, "", System.currentTimeMillis() - start);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }

    private static int indexOf(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
