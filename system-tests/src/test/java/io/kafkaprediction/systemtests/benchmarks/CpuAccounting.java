package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used by each part of the stack (Linux {@code /proc}): where the two cores go is the
 * first question when tuning the pipeline. PostgreSQL counts the postmaster and all its backends,
 * the live ones and those that exited (reconfiguring the connector replaces its connections).
 */
final class CpuAccounting {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux we run on

    private final Map<String, List<Long>> groups;
    private final long postmasterPid;

    /**
     * @param groups        name → process ids (the benchmark JVM, the Connect worker JVMs)
     * @param postmasterPid PostgreSQL's postmaster, or -1 when it is not ours
     */
    CpuAccounting(Map<String, List<Long>> groups, long postmasterPid) {
        this.groups = groups;
        this.postmasterPid = postmasterPid;
    }

    /** The postmaster's pid from {@code postmaster.pid} in the data folder, or -1. */
    static long postmasterPid(Path pgData) {
        try {
            return Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU seconds so far, per group. */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        groups.forEach((name, pids) -> seconds.put(name, pids.stream().mapToDouble(CpuAccounting::cpuSeconds).sum()));
        if (postmasterPid > 0) {
            // The postmaster's own time plus its reaped children's (backends that have exited) ...
            String[] postmaster = stat(postmasterPid);
            double pg = postmaster == null ? 0 : (Long.parseLong(postmaster[11]) + Long.parseLong(postmaster[12])
                    + Long.parseLong(postmaster[13]) + Long.parseLong(postmaster[14])) / TICKS_PER_SECOND;
            // ... plus the live backends'.
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                pg += procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                        .map(p -> stat(Long.parseLong(p.getFileName().toString())))
                        .filter(s -> s != null && Long.parseLong(s[1]) == postmasterPid)
                        .mapToDouble(s -> (Long.parseLong(s[11]) + Long.parseLong(s[12])) / TICKS_PER_SECOND)
                        .sum();
            } catch (IOException e) {
                // Not Linux: no PostgreSQL figure.
            }
            seconds.put("PostgreSQL", pg);
        }
        return seconds;
    }

    /** {@code after − before}, per group. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        after.forEach((name, seconds) -> used.put(name, seconds - before.getOrDefault(name, 0.0)));
        return used;
    }

    /**
     * {@code Connect 12.3 s (12 µs/event), ...; total 30 µs/event = at most 66 000 events/s on 2 idle CPUs}:
     * CPU per event moves far less with the machine's load than the wall-clock rate does.
     */
    static String describe(Map<String, Double> used, long events) {
        StringBuilder out = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : used.entrySet()) {
            total += e.getValue();
            out.append(String.format(Locale.ROOT, "%s %.1f s (%.1f µs/event), ", e.getKey(), e.getValue(), e.getValue() * 1e6 / events));
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return out.append(String.format(Locale.ROOT, "total %.1f µs/event = at most %.0f events/s on %d idle CPUs",
                total * 1e6 / events, cpus * events / total, cpus)).toString();
    }

    static double cpuSeconds(long pid) {
        String[] s = stat(pid);
        return s == null ? 0 : (Long.parseLong(s[11]) + Long.parseLong(s[12])) / TICKS_PER_SECOND;
    }

    /**
     * Fields of {@code /proc/<pid>/stat} after the command name: [0]=state, [1]=ppid, ...,
     * [11]=utime, [12]=stime, [13]=cutime, [14]=cstime (fields 14 to 17 of proc(5)).
     */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
