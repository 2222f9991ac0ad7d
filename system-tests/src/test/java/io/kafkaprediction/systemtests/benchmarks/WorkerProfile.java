package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A JFR recording of one Connect worker JVM over exactly the measured pipeline run ({@code jfr=FILE}
 * of the ingestion benchmark): started and stopped with the JDK's {@code jcmd}, so neither the
 * stack's start nor the warm-up's JIT compilation is in it. Beside it, the worker's CPU time over the
 * same interval from {@code /proc/<pid>/task}, split into the JVM's own threads (GC, JIT compilers,
 * JFR), which JFR's execution samples never see, and the Java threads they do see.
 */
final class WorkerProfile {
    private static final String RECORDING = "ingest-benchmark";
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, as in CpuAccounting

    /** JVM-internal threads by the start of their name in {@code /proc/<pid>/task/<tid>/comm}. */
    private static final Map<String, List<String>> JVM_THREADS = jvmThreads();

    private static Map<String, List<String>> jvmThreads() {
        Map<String, List<String>> t = new LinkedHashMap<>();
        t.put("GC (G1 threads, VM Thread)", List.of("GC Thread", "G1 ", "VM Thread"));
        t.put("JIT compilers", List.of("C1 CompilerThre", "C2 CompilerThre"));
        t.put("JFR itself", List.of("JFR "));
        return t;
    }

    private final long pid;
    private final Path file;
    private final Map<String, Double> before;

    private WorkerProfile(long pid, Path file) {
        this.pid = pid;
        this.file = file;
        this.before = cpuByThreadGroup(pid);
    }

    /** Starts a recording with the JDK's {@code profile} settings (execution samples every 10 ms). */
    static WorkerProfile start(long pid, Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile");
        return new WorkerProfile(pid, file);
    }

    /** Stops the recording, writes it to the file and returns the worker's CPU seconds per thread group. */
    Map<String, Double> stop() throws IOException, InterruptedException {
        Map<String, Double> after = cpuByThreadGroup(pid);
        jcmd(pid, "JFR.stop", "name=" + RECORDING, "filename=" + file.toAbsolutePath());
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((group, seconds) -> used.put(group, seconds - before.getOrDefault(group, 0.0)));
        return used;
    }

    Path file() {
        return file;
    }

    /**
     * CPU seconds of the process so far: {@code total} (all threads, the exited ones included) and the
     * live JVM-internal threads by group; {@code total} minus those is the Java threads' share.
     */
    static Map<String, Double> cpuByThreadGroup(long pid) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("total", ticks(Path.of("/proc", Long.toString(pid), "stat")) / TICKS_PER_SECOND);
        JVM_THREADS.keySet().forEach(group -> seconds.put(group, 0.0));
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = threadName(task);
                JVM_THREADS.forEach((group, prefixes) -> {
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        seconds.merge(group, ticks(task.resolve("stat")) / TICKS_PER_SECOND, Double::sum);
                    }
                });
            }
        } catch (IOException e) {
            // Not Linux, or the process is gone: only the total (or nothing) is known.
        }
        return seconds;
    }

    private static String threadName(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** utime + stime of a {@code /proc/.../stat} file, 0 if it is gone. */
    private static long ticks(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || output.contains("Could not") || output.contains("failed")) {
            throw new IOException(String.join(" ", line) + " did not work: " + output.trim());
        }
    }
}
