package io.kafkaprediction.systemtests.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's knobs, from {@code key=value} arguments (defaults in {@link #defaults()}).
 * {@code connector.<name>=<value>} and {@code worker.<name>=<value>} pass any connector or worker
 * property through as is; {@code worker.jvm} adds JVM options to the Connect workers. Any
 * {@code b.<connector property>=<value>} switches to an A/B comparison ({@link AbComparison}):
 * {@code rounds} interleaved pairs, B being A plus those properties. {@code jfr=FILE} records the first
 * Connect worker with JFR over the measured pipeline run and prints where its CPU went ({@link JfrBreakdown}).
 */
record BenchmarkSettings(
        long events,
        long warmupEvents,
        int users,
        int partitions,
        int tasks,
        int workers,
        int batchSize,
        int maxPollRecords,
        boolean reWriteBatchedInserts,
        int lingerMs,
        int producerBatchBytes,
        String compression,
        boolean copy,
        boolean naive,
        long naiveMaxEvents,
        int naiveSeconds,
        Map<String, String> connectorOverrides,
        Map<String, String> workerOverrides,
        List<String> workerJvmOptions,
        Map<String, String> variantOverrides,
        int rounds,
        String jfr) {

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("events", "1000000");
        d.put("warmup", "100000");
        d.put("users", "1000");
        d.put("partitions", "2");
        d.put("tasks", "2");
        d.put("workers", "1");
        d.put("batch.size", "5000");
        d.put("max.poll.records", "5000");
        d.put("rewrite", "true");
        d.put("linger.ms", "10");
        d.put("producer.batch.bytes", "262144");
        d.put("compression", "none");
        d.put("copy", "true");
        d.put("naive", "true");
        d.put("naive.events", "50000");
        d.put("naive.seconds", "30");
        d.put("worker.jvm", "");
        d.put("rounds", "3");
        d.put("jfr", "");
        return d;
    }

    static BenchmarkSettings parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> connector = new LinkedHashMap<>();
        Map<String, String> worker = new LinkedHashMap<>();
        Map<String, String> variant = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value; keys: " + DEFAULTS.keySet()
                        + ", connector.<property>, worker.<property>, b.<connector property>");
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (key.startsWith("connector.")) {
                connector.put(key.substring("connector.".length()), value);
            } else if (key.startsWith("b.")) {
                variant.put(key.substring("b.".length()), value);
            } else if (key.startsWith("worker.") && !key.equals("worker.jvm")) {
                worker.put(key.substring("worker.".length()), value);
            } else if (DEFAULTS.containsKey(key)) {
                values.put(key, value);
            } else {
                Set<String> known = new TreeSet<>(DEFAULTS.keySet());
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + known
                        + ", connector.<property>, worker.<property>, b.<connector property>");
            }
        }
        String jvm = values.get("worker.jvm").trim();
        if (!values.get("jfr").isBlank() && !variant.isEmpty()) {
            throw new IllegalArgumentException("jfr=" + values.get("jfr") + " records one pipeline run; it does not combine with "
                    + "the A/B rounds of b." + variant.keySet().iterator().next());
        }
        return new BenchmarkSettings(
                positiveLong(values, "events"), nonNegativeLong(values, "warmup"), positiveInt(values, "users"),
                positiveInt(values, "partitions"), positiveInt(values, "tasks"), positiveInt(values, "workers"),
                positiveInt(values, "batch.size"), positiveInt(values, "max.poll.records"), bool(values, "rewrite"),
                (int) nonNegativeLong(values, "linger.ms"), positiveInt(values, "producer.batch.bytes"),
                values.get("compression"), bool(values, "copy"), bool(values, "naive"),
                positiveLong(values, "naive.events"), positiveInt(values, "naive.seconds"),
                Map.copyOf(connector), Map.copyOf(worker), jvm.isEmpty() ? List.of() : List.of(jvm.split("\\s+")),
                Map.copyOf(variant), positiveInt(values, "rounds"), values.get("jfr").trim());
    }

    /** Connector properties over {@code user-features-sink.json}: the tuned knobs, then raw overrides. */
    Map<String, String> connectorConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("tasks.max", Integer.toString(tasks));
        c.put("batch.size", Integer.toString(batchSize));
        c.put("consumer.override.max.poll.records", Integer.toString(maxPollRecords));
        c.put("connection.url", "${env:FEATURE_DB_URL}" + (reWriteBatchedInserts ? "?reWriteBatchedInserts=true" : ""));
        c.putAll(connectorOverrides);
        return c;
    }

    String describe() {
        return "events=" + events + " warmup=" + warmupEvents + " users=" + users + " partitions=" + partitions
                + " tasks.max=" + tasks + " workers=" + workers + " batch.size=" + batchSize
                + " max.poll.records=" + maxPollRecords + " reWriteBatchedInserts=" + reWriteBatchedInserts
                + " producer(linger.ms=" + lingerMs + ", batch.size=" + producerBatchBytes + ", compression=" + compression + ")"
                + (connectorOverrides.isEmpty() ? "" : " connector" + connectorOverrides)
                + (workerOverrides.isEmpty() ? "" : " worker" + workerOverrides)
                + (workerJvmOptions.isEmpty() ? "" : " workerJvm" + workerJvmOptions);
    }

    private static long positiveLong(Map<String, String> values, String key) {
        long v = nonNegativeLong(values, key);
        if (v == 0) {
            throw new IllegalArgumentException(key + " must be at least 1, got 0");
        }
        return v;
    }

    private static int positiveInt(Map<String, String> values, String key) {
        long v = positiveLong(values, key);
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + "=" + v + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    private static long nonNegativeLong(Map<String, String> values, String key) {
        String raw = values.get(key).replace("_", "");
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + values.get(key) + " is not a whole number");
        }
        if (v < 0) {
            throw new IllegalArgumentException(key + " must not be negative, got " + v);
        }
        return v;
    }

    private static boolean bool(Map<String, String> values, String key) {
        String v = values.get(key);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + "=" + v + " must be true or false");
        }
        return Boolean.parseBoolean(v);
    }
}
