package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The figures of one benchmark run and the table they print as. */
final class Report {
    private final BenchmarkSettings settings;
    PipelineRun.Result pipeline;
    String pipelineLoad = "";
    String pipelineCpu = "";
    long deadLetters;
    double copySeconds;
    String copyLoad = "";
    NaiveConsumer.Result naive;
    String naiveLoad = "";
    AbComparison comparison;
    JfrBreakdown profile;
    Map<String, Double> workerCpu = Map.of();

    Report(BenchmarkSettings settings) {
        this.settings = settings;
    }

    void print(PrintStream out) {
        if (comparison != null) {
            comparison.print(out);
            return;
        }
        double pipelineRate = pipeline.eventsPerSecond();
        double copyRate = copySeconds > 0 ? pipeline.events() / copySeconds : Double.NaN;
        double naiveRate = naive != null ? naive.rowsPerSecond() : Double.NaN;
        out.println();
        out.println("== Ingestion benchmark ==");
        out.println("machine   " + machine());
        out.println("settings  " + settings.describe());
        out.printf(Locale.ROOT, "%-34s %14s   %-18s %s%n", "what", "rate", "load avg 1/5/15", "detail");
        out.printf(Locale.ROOT, "%-34s %10.0f ev/s   %-18s %d events in %.1f s (all produced after %.1f s, %.0f ev/s); DLQ %d%n",
                "pipeline Kafka->Connect->PostgreSQL", pipelineRate, pipelineLoad, pipeline.events(), pipeline.totalSeconds(),
                pipeline.produceSeconds(), pipeline.producedPerSecond(), deadLetters);
        out.printf(Locale.ROOT, "%-34s %s%n", "  CPU during the pipeline run", pipelineCpu);
        if (copySeconds > 0) {
            out.printf(Locale.ROOT, "%-34s %10.0f r/s    %-18s %d rows in %.1f s, one COPY stream%n",
                    "COPY (physical limit)", copyRate, copyLoad, pipeline.events(), copySeconds);
        }
        if (naive != null) {
            out.printf(Locale.ROOT, "%-34s %10.0f r/s    %-18s %d rows in %.1f s, INSERT + COMMIT per message%n",
                    "naive consumer", naiveRate, naiveLoad, naive.rows(), naive.seconds());
        }
        if (copySeconds > 0) {
            out.printf(Locale.ROOT, "%-34s %10.2f%n", "pipeline / COPY", pipelineRate / copyRate);
        }
        if (naive != null) {
            out.printf(Locale.ROOT, "%-34s %10.1fx%n", "pipeline / naive", pipelineRate / naiveRate);
        }
        if (profile != null) {
            profile.print(out, workerCpu, pipeline.events());
        }
        // One line for scripts (ingest.sh sweeps grep it).
        out.printf(Locale.ROOT, "RESULT pipeline_eps=%.0f copy_rps=%.0f naive_rps=%.0f load=\"%s\" settings=\"%s\"%n",
                pipelineRate, copyRate, naiveRate, pipelineLoad, settings.describe());
    }

    /** nproc, CPU model, RAM, Java: the context every figure needs. */
    static String machine() {
        String cpu = "unknown CPU";
        String ram = "? GiB";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            ram = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.0f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse(ram);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the figures still print, without the machine line's details.
        }
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + ram + " RAM, Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
