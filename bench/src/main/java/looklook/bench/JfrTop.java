package looklook.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code java -cp bench.jar looklook.bench.JfrTop n from_ms to_ms file.jfr...} ({@code ./mesh profile}):
 * where each profiled process spent its CPU samples between two instants (epoch ms, the bench's measured
 * window): the top frames where the sample was taken (self time), and the innermost frame of the
 * project's own code on each sampled stack (what of ours caused the work).
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: JfrTop n from_ms to_ms file.jfr...");
        }
        int n = Integer.parseInt(args[0]);
        Instant from = Instant.ofEpochMilli(Long.parseLong(args[1]));
        Instant to = Instant.ofEpochMilli(Long.parseLong(args[2]));
        for (int i = 3; i < args.length; i++) {
            print(Path.of(args[i]), n, from, to);
        }
    }

    private static void print(Path file, int n, Instant from, Instant to) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStartTime().isBefore(from)
                    || e.getStartTime().isAfter(to)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            String mine = "(no project frame)";
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("looklook.")) {
                    mine = name(f);
                    break;
                }
            }
            ours.merge(mine, 1, Integer::sum);
        }
        String process = file.getFileName().toString().replace(".jfr", "");
        System.out.printf("%n== %s: %d CPU samples%n-- top frames (self)%n", process, samples);
        top(self, samples, n);
        System.out.printf("-- innermost project frame on the stack%n");
        top(ours, samples, n);
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static void top(Map<String, Integer> counts, int samples, int n) {
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
