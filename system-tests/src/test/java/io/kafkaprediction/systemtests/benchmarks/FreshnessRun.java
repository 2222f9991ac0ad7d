package io.kafkaprediction.systemtests.benchmarks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Freshness under a sustained load: events produced at a constant rate, and for each probe event
 * the time from its <em>intended</em> send time to the moment a reader polling PostgreSQL first
 * sees its row. A producer that falls behind its schedule sends late and the delay counts, so a
 * stall is never hidden (no coordinated omission).
 *
 * <p>Use (the whole API):
 * <pre>{@code
 * FreshnessRun freshness = new FreshnessRun(bootstrapServers, topic, settings);   // producer as PipelineRun's
 * FreshnessRun.Result r = freshness.run(db, events, 10_000, 30, sinkFailure);      // table holds none of events' rows
 * FreshnessRun.Result r = freshness.run(db, events, 10_000, 30, sinkFailure, GrowthBenchmark::measuredRows);
 * r.percentileMillis(99); r.maxMillis(); r.achievedRate(); r.keptUp(); r.pollerBackendCpuSeconds();
 * }</pre>
 * {@code db} is the probe's connection (auto-commit, used by one thread during the run; its backend's
 * CPU is returned so that a caller can take it out of PostgreSQL's figure). Events are
 * {@link FeatureEvents} {@code 0 .. rate × seconds − 1}; after the run every one of them is in the
 * table (the run waits for the count, bounded), so the next run needs a new key range or a TRUNCATE.
 *
 * <p>The probe: every {@code stride}-th event (and the last one) is a probe, {@code stride} chosen so
 * that about {@code probesPerSecond} are sent per second (at 1 000 events/s and the default
 * 1 000 probes/s every event). One thread looks the sent, not yet seen probes up by their natural key
 * ({@code user_features_natural_key}: index lookups, so the cost does not grow with the table) every
 * {@code pollMillis}; a probe's row counts as visible at the moment that poll was sent, so a figure is
 * late by at most the poll interval plus one query (the resolution; the achieved mean period and query
 * time are in the result). The cost follows the probe rate, not the event rate, so it scales to any
 * rate. At most {@value #MAX_PROBES_PER_POLL} probes per poll, oldest first: only a pipeline already
 * seconds behind has more outstanding, and then its newer probes are seen late (their figures are
 * too high, never too low).
 */
final class FreshnessRun {
    static final int DEFAULT_POLL_MILLIS = 5;
    static final int DEFAULT_PROBES_PER_SECOND = 1_000;
    static final int MAX_PROBES_PER_POLL = 2_000;
    /** The run kept up when its last event was visible within this of its intended send time. */
    static final double KEPT_UP_SECONDS = 1.0;
    private static final long NO_PROGRESS_NANOS = 120_000_000_000L;
    /** The probe: which of the given natural keys have a row (one index lookup per key, newest partition first). */
    static final String VISIBLE_SQL = "SELECT p.ms FROM unnest(?::text[], ?::text[], ?::int8[]) AS p(user_id, event_type, ms) "
            + "CROSS JOIN LATERAL (SELECT 1 FROM user_features f WHERE f.user_id = p.user_id AND f.event_type = p.event_type "
            + "AND f.ingestion_timestamp = timestamptz 'epoch' + p.ms * interval '1 millisecond' LIMIT 1) AS hit";

    private final String bootstrapServers;
    private final String topic;
    private final BenchmarkSettings settings;
    private final int pollMillis;
    private final int probesPerSecond;

    /**
     * What one run measured. {@code micros}: freshness of each probe, sorted; {@code sendSeconds}: from
     * the first intended send until the last {@code send} returned; {@code lastEventSeconds}: freshness
     * of the run's last event; {@code inFlightAtLastSend}: probes not yet visible when the last event
     * was sent, times the stride (≈ events between producer and table at the end).
     */
    record Result(double rate, double seconds, long sent, double sendSeconds, int stride, long[] micros,
                  double lastEventSeconds, long inFlightAtLastSend, long polls, double meanPollMillis,
                  double meanQueryMillis, double pollerBackendCpuSeconds) {
        double percentileMillis(double p) {
            return Percentiles.nearestRank(micros, p) / 1000.0;
        }

        double maxMillis() {
            return micros[micros.length - 1] / 1000.0;
        }

        /** Events per second the producer really sent (its schedule's rate unless it fell behind). */
        double achievedRate() {
            return sent > 1 ? (sent - 1) / sendSeconds : sent;
        }

        boolean keptUp() {
            return lastEventSeconds <= KEPT_UP_SECONDS;
        }
    }

    FreshnessRun(String bootstrapServers, String topic, BenchmarkSettings settings) {
        this(bootstrapServers, topic, settings, DEFAULT_POLL_MILLIS, DEFAULT_PROBES_PER_SECOND);
    }

    FreshnessRun(String bootstrapServers, String topic, BenchmarkSettings settings, int pollMillis, int probesPerSecond) {
        if (pollMillis < 1 || probesPerSecond < 1) {
            throw new IllegalArgumentException("pollMillis and probesPerSecond must be at least 1, got " + pollMillis + " and " + probesPerSecond);
        }
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.settings = settings;
        this.pollMillis = pollMillis;
        this.probesPerSecond = probesPerSecond;
    }

    /** Into a table that holds no other rows: the final check counts them all. */
    Result run(Connection db, FeatureEvents events, double rate, double seconds, Supplier<String> sinkFailure) throws Exception {
        return run(db, events, rate, seconds, sinkFailure, PipelineRun::countRows);
    }

    /**
     * @param sinkFailure null while the sink runs, else why not (checked every 5 s: a FAILED task ends the run)
     * @param rows        counts this run's rows (the whole table when it holds nothing else)
     */
    Result run(Connection db, FeatureEvents events, double rate, double seconds, Supplier<String> sinkFailure,
               PipelineRun.RowCounter rows) throws Exception {
        if (!(rate > 0) || !(seconds > 0)) {
            throw new IllegalArgumentException("rate and seconds must be positive, got " + rate + " and " + seconds);
        }
        long total = Math.max(1, Math.round(rate * seconds));
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(total + " events are too many for one run");
        }
        db.setAutoCommit(true);
        if (rows.count(db) != 0) {
            throw new IllegalStateException("user_features must hold none of the run's rows before it; TRUNCATE it first");
        }
        int stride = stride(rate, probesPerSecond);
        int probes = probeCount(total, stride);
        long backendPid = backendPid(db);
        double backendCpuBefore = CpuAccounting.cpuSeconds(backendPid);
        long start = System.nanoTime() + 200_000_000L;
        long[] intended = new long[probes];
        for (int p = 0; p < probes; p++) {
            intended[p] = start + (long) (eventOf(p, stride, total) * 1e9 / rate);
        }
        long[] seen = new long[probes];
        AtomicInteger sentProbes = new AtomicInteger();
        AtomicLong lastSend = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> produce(events, rate, total, start, stride, sentProbes, lastSend, failure),
                "freshness-producer");
        Poller poller = new Poller(db, events, total, stride, seen, sentProbes, failure);
        Thread pollerThread = new Thread(poller, "freshness-poller");
        producer.start();
        pollerThread.start();
        long lastCheck = System.nanoTime();
        while (pollerThread.isAlive()) {
            pollerThread.join(1000);
            if (System.nanoTime() - lastCheck > 5e9) {
                lastCheck = System.nanoTime();
                String reason = sinkFailure.get();
                if (reason != null && reason.contains("FAILED")) {
                    failure.compareAndSet(null, new IllegalStateException("the sink failed: " + reason));
                }
            }
        }
        producer.join();
        if (failure.get() != null) {
            throw new IllegalStateException("freshness run at " + rate + " events/s failed: " + failure.get(), failure.get());
        }
        awaitAllRows(db, rows, total, sinkFailure);
        double backendCpu = CpuAccounting.cpuSeconds(backendPid) - backendCpuBefore;

        long[] micros = new long[probes];
        long notSeenAtLastSend = 0;
        for (int p = 0; p < probes; p++) {
            micros[p] = (seen[p] - intended[p]) / 1000;
            if (seen[p] > lastSend.get()) {
                notSeenAtLastSend++;
            }
        }
        double lastEventSeconds = micros[probes - 1] / 1e6;
        Arrays.sort(micros);
        return new Result(rate, seconds, total, (lastSend.get() - start) / 1e9, stride, micros, lastEventSeconds,
                notSeenAtLastSend * stride, poller.polls, poller.meanPeriodMillis(), poller.meanQueryMillis(), backendCpu);
    }

    /** Sends event k at start + k / rate (never earlier); publishes how many probes it has handed to send(). */
    private void produce(FeatureEvents events, double rate, long total, long start, int stride, AtomicInteger sentProbes,
                         AtomicLong lastSend, AtomicReference<Exception> failure) {
        Callback onError = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producerProperties())) {
            long k = 0;
            while (k < total && failure.get() == null) {
                long now = System.nanoTime();
                long due = now < start ? 0 : Math.min(total, (long) ((now - start) * rate / 1e9) + 1);
                for (; k < due; k++) {
                    kafka.send(new ProducerRecord<>(topic, events.userId(k), events.json(k)), onError);
                    int p = probeOf(k, stride, total);
                    if (p >= 0) {
                        sentProbes.set(p + 1);
                    }
                }
                long wait = start + (long) Math.ceil(k * 1e9 / rate) - System.nanoTime();
                if (k < total && wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            lastSend.set(System.nanoTime());
            kafka.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    private Properties producerProperties() {
        Properties p = new PipelineRun(bootstrapServers, topic, settings).producerProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "freshness-producer");
        return p;
    }

    /** Looks the outstanding probes up every pollMillis until all are seen, or the run fails. */
    private final class Poller implements Runnable {
        private final Connection db;
        private final FeatureEvents events;
        private final long total;
        private final int stride;
        private final long[] seen;
        private final AtomicInteger sentProbes;
        private final AtomicReference<Exception> failure;
        long polls;
        private long queryNanos;
        private long firstPoll;
        private long lastPoll;

        Poller(Connection db, FeatureEvents events, long total, int stride, long[] seen, AtomicInteger sentProbes,
               AtomicReference<Exception> failure) {
            this.db = db;
            this.events = events;
            this.total = total;
            this.stride = stride;
            this.seen = seen;
            this.sentProbes = sentProbes;
            this.failure = failure;
        }

        @Override
        public void run() {
            long pollNanos = pollMillis * 1_000_000L;
            long first = events.epochMillis(0);
            int next = 0;
            long lastNew = System.nanoTime();
            String[] users = new String[MAX_PROBES_PER_POLL];
            String[] types = new String[MAX_PROBES_PER_POLL];
            Long[] millis = new Long[MAX_PROBES_PER_POLL];
            try (PreparedStatement visible = db.prepareStatement(VISIBLE_SQL)) {
                while (next < seen.length && failure.get() == null) {
                    long loopStart = System.nanoTime();
                    int sent = sentProbes.get();
                    int n = 0;
                    for (int p = next; p < sent && n < MAX_PROBES_PER_POLL; p++) {
                        if (seen[p] == 0) {
                            long k = eventOf(p, stride, total);
                            users[n] = events.userId(k);
                            types[n] = events.eventType(k);
                            millis[n] = events.epochMillis(k);
                            n++;
                        }
                    }
                    if (n > 0) {
                        Array usersArray = db.createArrayOf("text", Arrays.copyOf(users, n));
                        Array typesArray = db.createArrayOf("text", Arrays.copyOf(types, n));
                        Array millisArray = db.createArrayOf("int8", Arrays.copyOf(millis, n));
                        visible.setArray(1, usersArray);
                        visible.setArray(2, typesArray);
                        visible.setArray(3, millisArray);
                        long t = System.nanoTime();
                        if (polls == 0) {
                            firstPoll = t;
                        }
                        try (ResultSet rs = visible.executeQuery()) {
                            while (rs.next()) {
                                int p = probeOf(rs.getLong(1) - first, stride, total);
                                if (p >= 0 && seen[p] == 0) {
                                    // Taken before the statement, so before its snapshot: the row was visible by then.
                                    seen[p] = t;
                                    lastNew = t;
                                }
                            }
                        } finally {
                            usersArray.free();
                            typesArray.free();
                            millisArray.free();
                        }
                        polls++;
                        lastPoll = t;
                        queryNanos += System.nanoTime() - t;
                        while (next < seen.length && seen[next] != 0) {
                            next++;
                        }
                    }
                    if (sent > next && System.nanoTime() - lastNew > NO_PROGRESS_NANOS) {
                        throw new IllegalStateException("no probe became visible for 120 s; " + next + " of " + seen.length
                                + " probes seen in order, " + sent + " sent");
                    }
                    long wait = loopStart + pollNanos - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        double meanPeriodMillis() {
            return polls > 1 ? (lastPoll - firstPoll) / 1e6 / (polls - 1) : Double.NaN;
        }

        double meanQueryMillis() {
            return polls > 0 ? queryNanos / 1e6 / polls : Double.NaN;
        }
    }

    /** Every probe's row is there; now every event's must be (nothing lost, nothing extra). */
    private static void awaitAllRows(Connection db, PipelineRun.RowCounter rows, long total, Supplier<String> sinkFailure)
            throws SQLException, InterruptedException {
        long last = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long n = rows.count(db);
            if (n == total) {
                return;
            }
            if (n > total) {
                throw new IllegalStateException("user_features has " + n + " of the run's rows, expected " + total
                        + ": the table was not empty or keys collide");
            }
            if (n != last) {
                last = n;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > NO_PROGRESS_NANOS) {
                throw new IllegalStateException("every probe is visible but only " + n + " of " + total
                        + " rows, and no new ones for 120 s: " + sinkFailure.get());
            }
            Thread.sleep(200);
        }
    }

    private static long backendPid(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every stride-th event is a probe: about probesPerSecond of them per second, every event at lower rates. */
    static int stride(double rate, int probesPerSecond) {
        return (int) Math.max(1, Math.round(rate / probesPerSecond));
    }

    /** Probes: events 0, stride, 2 stride, ... and the last event. */
    static int probeCount(long total, int stride) {
        long regular = (total - 1) / stride + 1;
        return (int) (regular + ((total - 1) % stride == 0 ? 0 : 1));
    }

    /** The event probe p is. */
    static long eventOf(int p, int stride, long total) {
        return Math.min((long) p * stride, total - 1);
    }

    /** The probe event k is, or -1 when it is none. */
    static int probeOf(long k, int stride, long total) {
        if (k < 0 || k >= total) {
            return -1;
        }
        if (k % stride == 0) {
            return (int) (k / stride);
        }
        return k == total - 1 ? probeCount(total, stride) - 1 : -1;
    }
}
