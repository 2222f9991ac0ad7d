package io.kafkaprediction.systemtests.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills {@code user_features} with history before a growth-curve point: {@code rows} rows streamed
 * through one {@code COPY ... FROM STDIN} (generated on the fly, never a file), users drawn from a
 * Zipf distribution (a few users own most rows, as in real traffic), event times spread evenly over
 * the {@value #HISTORY_DAYS} days before the measured events' first time, so those are always the
 * newest rows.
 *
 * <p>Pre-loaded users are named {@code p<rank>}: they never collide with the measured events'
 * {@code user<n>}, and {@link #MEASURED_USERS} selects only the measured rows through the natural
 * key's index.
 */
final class PreLoad {
    static final int HISTORY_DAYS = 90;
    static final double ZIPF_EXPONENT = 1.0;
    /** {@code user_id} range of the measured events ({@code user0} ...), none of the pre-loaded ones. */
    static final String MEASURED_USERS = "user_id >= 'user' AND user_id < 'usf'";
    private static final int CHUNK_ROWS = 10_000;

    private PreLoad() {
    }

    /** What one pre-load did. */
    record Result(long rows, int users, double seconds) {
        double rowsPerSecond() {
            return seconds > 0 ? rows / seconds : Double.NaN;
        }
    }

    /** One user per 100 rows, at least 1000: 10 M rows have 100 000 users, the head of whom own most rows. */
    static int usersFor(long rows) {
        return (int) Math.max(1_000, Math.min(Integer.MAX_VALUE, rows / 100));
    }

    static String userId(int rank) {
        return "p" + rank;
    }

    /** Sampler of pre-loaded user ranks (1 = the most active user); deterministic per seed. */
    static ZipfDistribution users(int users, long seed) {
        return new ZipfDistribution(new MersenneTwister(seed), users, ZIPF_EXPONENT);
    }

    /** Truncates the table and streams {@code rows} rows into it; then VACUUM ANALYZE, as autovacuum would have by then. */
    static Result run(Connection db, long rows, long seed, long untilEpochMillis) throws SQLException {
        CopyLoad.truncate(db);
        int users = usersFor(rows);
        if (rows == 0) {
            return new Result(0, users, 0);
        }
        ZipfDistribution zipf = users(users, seed);
        long historyMillis = HISTORY_DAYS * 86_400_000L;
        long first = untilEpochMillis - historyMillis;
        // Distinct, increasing times (at least 1 ms apart up to 7.7 G rows) keep every natural key unique.
        double step = (double) historyMillis / rows;
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(true);
        long start = System.nanoTime();
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY user_features (" + FeatureEvents.COPY_COLUMNS + ") FROM STDIN");
        try {
            StringBuilder text = new StringBuilder(CHUNK_ROWS * 128);
            for (long i = 0; i < rows; i++) {
                String user = userId(zipf.sample());
                String type = FeatureEvents.EVENT_TYPES.get((int) (i % FeatureEvents.EVENT_TYPES.size()));
                long millis = first + (long) (i * step);
                text.append(FeatureEvents.featureId(user, type, millis)).append('\t').append(user).append('\t').append(type)
                        .append('\t').append((i % 10_000) / 100.0).append('\t').append(Instant.ofEpochMilli(millis)).append('\n');
                if ((i + 1) % CHUNK_ROWS == 0 || i == rows - 1) {
                    byte[] chunk = text.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(chunk, 0, chunk.length);
                    text.setLength(0);
                }
            }
            long written = copy.endCopy();
            if (written != rows) {
                throw new IllegalStateException("COPY wrote " + written + " rows, expected " + rows);
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try (Statement st = db.createStatement()) {
            st.execute("VACUUM ANALYZE user_features");
        } finally {
            db.setAutoCommit(autoCommit);
        }
        return new Result(rows, users, seconds);
    }
}
