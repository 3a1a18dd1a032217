package looklook.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time and resident memory of the mesh's processes, read from {@code /proc} through the pid
 * files {@code ./mesh} keeps under {@code .mesh/run}: a snapshot before and after a measured window
 * gives each process's CPU per operation, whatever else the machine runs.
 */
final class ProcStats {
    /** The simulator stands in for WeChat and Alipay: its CPU is not the mesh's, so totals leave it out. */
    static final Set<String> NOT_MESH = Set.of("sandbox");
    private static final Path RUN = Path.of(System.getenv().getOrDefault("LOOKLOOK_MESH_RUN", ".mesh/run"));
    /** Clock ticks per second of utime/stime; 100 on every Linux the JDK runs on here. */
    private static final long TICKS = ticksPerSecond();

    /** CPU used by each process since it started, in ticks, at one moment: in all, and by its JIT compiler threads. */
    record Snapshot(Map<String, Long> ticks, Map<String, Long> jitTicks) {
    }

    /** One process's CPU per operation over a window, and the part its JIT compilers spent. */
    record PerOp(String name, double ms, double jitMs) {
    }

    private ProcStats() {
    }

    /** Every process ./mesh started that still runs, by name (pid file name). */
    static Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RUN, "*.pid")) {
            for (Path f : files) {
                String name = f.getFileName().toString().replace(".pid", "");
                try {
                    long pid = Long.parseLong(Files.readString(f).trim());
                    if (Files.exists(Path.of("/proc/" + pid + "/stat"))) {
                        out.put(name, pid);
                    }
                } catch (IOException | NumberFormatException e) {
                    // a process stopping as we read: not part of the mesh now
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(RUN + ": no pid files (is the mesh up, and is this the repository root?)", e);
        }
        return out;
    }

    static Snapshot take() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> jit = new LinkedHashMap<>();
        pids().forEach((name, pid) -> {
            try {
                ticks.put(name, cpuTicks(Path.of("/proc/" + pid + "/stat")));
                jit.put(name, jitTicks(pid));
            } catch (IOException e) {
                // gone meanwhile
            }
        });
        return new Snapshot(ticks, jit);
    }

    /** utime + stime of a process or thread ({@code /proc/.../stat}). */
    private static long cpuTicks(Path stat) throws IOException {
        String s = Files.readString(stat);
        // fields after the command (which may hold spaces) start after the last ')'
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** CPU of a JVM's "C1/C2 CompilerThread" threads: compiling, not serving (0 for a process that is not a JVM). */
    private static long jitTicks(long pid) {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                try {
                    if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        sum += cpuTicks(t.resolve("stat"));
                    }
                } catch (IOException e) {
                    // a thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** Each process's CPU milliseconds per operation between two snapshots, most expensive first. */
    static List<PerOp> perOp(Snapshot before, Snapshot after, long ops) {
        List<PerOp> out = new ArrayList<>();
        after.ticks().forEach((name, t) -> {
            Long t0 = before.ticks().get(name);
            if (t0 != null && ops > 0) {
                long jit = after.jitTicks().getOrDefault(name, 0L) - before.jitTicks().getOrDefault(name, 0L);
                out.add(new PerOp(name, (t - t0) * 1000.0 / TICKS / ops, jit * 1000.0 / TICKS / ops));
            }
        });
        out.sort(Comparator.comparingDouble(PerOp::ms).reversed());
        return out;
    }

    /** The mesh's CPU milliseconds per operation (simulator excluded), optionally only of some processes. */
    static double total(List<PerOp> perOp, Set<String> only) {
        return perOp.stream().filter(p -> !NOT_MESH.contains(p.name()) && (only.isEmpty() || only.contains(p.name())))
                .mapToDouble(PerOp::ms).sum();
    }

    /** What the mesh's JIT compiler threads spent per operation (the sandbox left out, as in {@link #total}). */
    static double jit(List<PerOp> perOp) {
        return perOp.stream().filter(p -> !NOT_MESH.contains(p.name())).mapToDouble(PerOp::jitMs).sum();
    }

    /**
     * One line: {@code cpu <scenario> mesh_ms/op=<n> (jit <n>) <process>=<n> ...}; the JIT's part says how
     * far the window still paid for compiling rather than serving (a warm-up too short).
     */
    static String line(String scenario, List<PerOp> perOp) {
        double jit = jit(perOp);
        StringBuilder b = new StringBuilder(String.format("cpu %s mesh_ms/op=%.2f (jit %.2f)", scenario, total(perOp, Set.of()), jit));
        for (PerOp p : perOp) {
            b.append(String.format(" %s=%.2f", p.name(), p.ms()));
        }
        return b.toString();
    }

    /**
     * Memory of each process and of the mesh (the sandbox left out), in MiB, two ways. RSS counts every
     * page a process maps, so pages the JVMs share (libjvm, the JDK's class data archive and modules) are
     * counted once per process; PSS divides each shared page among its sharers, so the mesh's PSS is what
     * the machine gives the mesh.
     */
    static String memoryLines(String when) {
        return memory("rss", "/status", "VmRSS:") + " (" + when + ")" + System.lineSeparator()
                + memory("pss", "/smaps_rollup", "Pss:") + " (" + when + ")";
    }

    private static String memory(String what, String file, String field) {
        StringBuilder parts = new StringBuilder();
        long meshKb = 0;
        for (Map.Entry<String, Long> p : pids().entrySet()) {
            long kb = kb(p.getValue(), file, field);
            if (!NOT_MESH.contains(p.getKey())) {
                meshKb += kb;
            }
            parts.append(String.format(" %s=%d", p.getKey(), kb / 1024));
        }
        return String.format("memory %s_mib mesh=%d%s", what, meshKb / 1024, parts);
    }

    private static long kb(long pid, String file, String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + file))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone meanwhile
        }
        return 0;
    }

    private static long ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return 100;
        }
    }
}
