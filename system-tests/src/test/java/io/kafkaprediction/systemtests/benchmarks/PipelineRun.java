package io.kafkaprediction.systemtests.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces events to the topic the way the producers do (JSON bytes, keyed by user, batched by
 * linger) and waits until {@code user_features} holds all of them: the end-to-end figure is
 * events / (time of the count that saw them all − time of the first send).
 */
final class PipelineRun {
    private final String bootstrapServers;
    private final String topic;
    private final BenchmarkSettings settings;

    /** What one run measured. */
    record Result(long events, double produceSeconds, double totalSeconds) {
        double eventsPerSecond() {
            return events / totalSeconds;
        }

        double producedPerSecond() {
            return events / produceSeconds;
        }
    }

    PipelineRun(String bootstrapServers, String topic, BenchmarkSettings settings) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.settings = settings;
    }

    /**
     * Sends {@code count} events and returns once {@code count(*)} of the (empty) table reaches it.
     *
     * @param failure null while the sink runs, else why not (checked every 5 s, so a failed task
     *                ends the run at once)
     */
    Result run(FeatureEvents events, long count, Connection db, Supplier<String> failure) throws Exception {
        return run(events, count, db, failure, PipelineRun::countRows);
    }

    /** How many of the run's rows the table holds (all of them, for an otherwise empty table). */
    @FunctionalInterface
    interface RowCounter {
        long count(Connection db) throws SQLException;
    }

    /**
     * As {@link #run(FeatureEvents, long, Connection, Supplier)}, into a table that may hold other
     * rows: {@code rows} counts only this run's (the growth benchmark's pre-loaded table).
     */
    Result run(FeatureEvents events, long count, Connection db, Supplier<String> failure, RowCounter rows) throws Exception {
        if (rows.count(db) != 0) {
            throw new IllegalStateException("user_features must hold none of the run's rows before it; TRUNCATE it first");
        }
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        AtomicLong produceEnd = new AtomicLong();
        long start = System.nanoTime();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(producerProperties())) {
                for (long i = 0; i < count && sendFailure.get() == null; i++) {
                    kafka.send(new ProducerRecord<>(topic, events.userId(i), events.json(i)), (metadata, e) -> {
                        if (e != null) {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
                }
                kafka.flush();
            } catch (RuntimeException e) {
                sendFailure.compareAndSet(null, e);
            }
            produceEnd.set(System.nanoTime());
        }, "benchmark-producer");
        producer.start();
        awaitRows(db, count, start, sendFailure, failure, rows);
        long end = System.nanoTime();
        producer.join();
        if (sendFailure.get() != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + sendFailure.get(), sendFailure.get());
        }
        return new Result(count, (produceEnd.get() - start) / 1e9, (end - start) / 1e9);
    }

    Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(settings.lingerMs()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(settings.producerBatchBytes()));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        return p;
    }

    /**
     * Polls {@code count(*)}: rarely while far from done (the scan costs CPU the pipeline needs),
     * every 100 ms near the end, so the end time is exact to about that.
     */
    private static void awaitRows(Connection db, long target, long start, AtomicReference<Exception> sendFailure,
                                  Supplier<String> failure, RowCounter counter) throws SQLException, InterruptedException {
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        long lastCheck = lastProgress;
        while (true) {
            long rows = counter.count(db);
            long now = System.nanoTime();
            if (rows >= target) {
                if (rows > target) {
                    throw new IllegalStateException("user_features has " + rows + " rows, expected " + target
                            + ": the table was not empty or keys collide");
                }
                return;
            }
            if (sendFailure.get() != null) {
                return;
            }
            if (now - lastCheck > 5e9) {
                lastCheck = now;
                String reason = failure.get();
                if (reason != null && reason.contains("FAILED")) {
                    throw new IllegalStateException("the sink failed with " + rows + " of " + target + " rows written: " + reason);
                }
            }
            if (rows != lastCount) {
                lastCount = rows;
                lastProgress = now;
            } else if (now - lastProgress > 120e9) {
                throw new IllegalStateException("no new rows for 120 s (" + rows + " of " + target + "): " + failure.get());
            }
            double elapsed = (now - start) / 1e9;
            double rate = rows / Math.max(elapsed, 0.001);
            double remaining = rate > 0 ? (target - rows) / rate : 1;
            Thread.sleep((long) Math.max(100, Math.min(2000, remaining * 1000 / 2)));
        }
    }

    static long countRows(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM user_features")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
