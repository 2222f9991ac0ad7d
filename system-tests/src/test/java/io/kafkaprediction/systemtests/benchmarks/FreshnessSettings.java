package io.kafkaprediction.systemtests.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The freshness benchmark's knobs, from {@code key=value} arguments: its own keys (defaults in
 * {@link #DEFAULTS}), and every other key is the ingestion benchmark's ({@link BenchmarkSettings}:
 * {@code partitions}, {@code tasks}, {@code workers}, {@code linger.ms}, {@code connector.*} ...).
 * Rates take k/M suffixes ({@code rates=1k,10k,30k}).
 *
 * @param portBase 0: free ports; else PostgreSQL, Kafka, Connect and the REST Proxy on portBase .. portBase + 3
 */
record FreshnessSettings(List<Long> rates, int seconds, int pollMillis, int probesPerSecond, int portBase,
                         BenchmarkSettings pipeline) {

    static final Map<String, String> DEFAULTS = Map.of(
            "rates", "1000,10000,30000", "seconds", "30", "poll.ms", Integer.toString(FreshnessRun.DEFAULT_POLL_MILLIS),
            "probes", Integer.toString(FreshnessRun.DEFAULT_PROBES_PER_SECOND), "port.base", "0");
    /** The ingestion benchmark's defaults that differ here: a shorter warm-up. */
    private static final List<String> PIPELINE_DEFAULTS = List.of("warmup=50000");

    static FreshnessSettings parse(String... args) {
        Map<String, String> own = new LinkedHashMap<>(DEFAULTS);
        List<String> pipelineArgs = new ArrayList<>(PIPELINE_DEFAULTS);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0 && DEFAULTS.containsKey(arg.substring(0, eq))) {
                own.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else {
                pipelineArgs.add(arg);
            }
        }
        List<Long> rates = new ArrayList<>();
        for (String rate : own.get("rates").split(",")) {
            long r;
            try {
                r = GrowthBenchmark.parseSize(rate);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rates=" + own.get("rates") + ": '" + rate + "' is not an events/s figure such as 1000 or 10k");
            }
            if (r < 1) {
                throw new IllegalArgumentException("rates=" + own.get("rates") + ": every rate must be at least 1 event/s, got " + r);
            }
            rates.add(r);
        }
        int portBase = whole(own, "port.base", 0);
        if (portBase != 0 && (portBase < 1024 || portBase > 65_532)) {
            throw new IllegalArgumentException("port.base=" + portBase + " must be 0 (free ports) or in 1024..65532");
        }
        return new FreshnessSettings(List.copyOf(rates), whole(own, "seconds", 1), whole(own, "poll.ms", 1),
                whole(own, "probes", 1), portBase, BenchmarkSettings.parse(pipelineArgs.toArray(String[]::new)));
    }

    /** This run's settings, for the report (without the ingestion benchmark's event count, unused here). */
    String describe() {
        return "rates=" + rates + " seconds=" + seconds + " poll.ms=" + pollMillis + " probes/s=" + probesPerSecond
                + "; pipeline " + pipeline.describe().replaceFirst("^events=\\d+ ", "");
    }

    private static int whole(Map<String, String> values, String key, int min) {
        String raw = values.get(key).replace("_", "");
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + values.get(key) + " is not a whole number");
        }
        if (v < min || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + "=" + v + " must be at least " + min);
        }
        return (int) v;
    }
}
