package io.kafkaprediction.systemtests.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The history in {@code user_features} under the growth curve, grown in increments: the sizes are
 * measured in ascending order and each point only adds the rows missing to its size (0 → 10 M →
 * 50 M → 100 M loads 100 M rows in all, not 160 M). Rows are streamed through one
 * {@code COPY ... FROM STDIN} per increment, generated on the fly by a second thread (never a file).
 *
 * <p>One universe of users for the whole run, {@link #usersFor} the largest size, drawn from a Zipf
 * distribution (a few users own most rows, as in real traffic). The rows of every increment are
 * spread evenly over the same {@value #HISTORY_DAYS} days before the measured events' first time,
 * so those are always the newest rows. Increment {@code j} of {@code n} uses only the milliseconds
 * {@code ≡ j (mod n)}, each at most once: natural keys never collide, within or across increments.
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
    private static final long HISTORY_MILLIS = HISTORY_DAYS * 86_400_000L;
    private static final int CHUNK_ROWS = 10_000;
    private static final byte[] END = new byte[0];

    /** How the indexes are kept during an increment's COPY. */
    enum Indexes {
        /** COPY into the table with every index in place (each row descends every B-tree). */
        KEEP,
        /** Drop the indexes and constraints, COPY, then build them again (sort-based), exactly as they were. */
        REBUILD;

        static Indexes parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("preload.indexes must be keep or rebuild, got '" + text + "'");
            }
        }
    }

    /** What one increment did, and how long each phase took. */
    record Result(long rowsBefore, long added, int users, double deleteSeconds, double dropSeconds, double copySeconds,
                  double vacuumSeconds, double buildSeconds, double checkpointSeconds) {
        long rows() {
            return rowsBefore + added;
        }

        double seconds() {
            return dropSeconds + copySeconds + vacuumSeconds + buildSeconds + checkpointSeconds;
        }

        /** Rows/s of the whole increment: COPY, VACUUM ANALYZE, any index build and the checkpoint. */
        double rowsPerSecond() {
            return added > 0 ? added / seconds() : Double.NaN;
        }

        double copyRowsPerSecond() {
            return added > 0 ? added / copySeconds : Double.NaN;
        }

        String describe() {
            return String.format(Locale.ROOT, "+%d rows to %d: delete measured rows %.1f s, drop indexes %.1f s, COPY %.1f s "
                            + "(%.0f rows/s), VACUUM ANALYZE %.1f s, index build %.1f s, CHECKPOINT %.1f s; %.0f rows/s in all",
                    added, rows(), deleteSeconds, dropSeconds, copySeconds, copyRowsPerSecond(), vacuumSeconds, buildSeconds,
                    checkpointSeconds, rowsPerSecond());
        }
    }

    private final int users;
    private final int increments;
    private final long seed;
    private final long firstEpochMillis;
    private final BitSet loadedRanks = new BitSet();
    private long rows;
    private int nextIncrement;

    /**
     * @param largest          the largest size of the run: it fixes the universe of users
     * @param increments       how many increments the run adds at most (one per positive size); the residues
     * @param untilEpochMillis the measured events' first time: the history ends just before
     */
    PreLoad(long largest, int increments, long seed, long untilEpochMillis) {
        this.users = usersFor(largest);
        this.increments = Math.max(1, increments);
        this.seed = seed;
        this.firstEpochMillis = untilEpochMillis - HISTORY_MILLIS;
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

    int users() {
        return users;
    }

    long rows() {
        return rows;
    }

    /** The ranks that own at least one pre-loaded row (a Zipf tail user may have none yet at a small size). */
    BitSet loadedRanks() {
        return (BitSet) loadedRanks.clone();
    }

    /**
     * Users for lookups: Zipf over the run's universe as the pre-load draws them, only ranks that own rows
     * (a lookup of a user without any answers 404); before anything is pre-loaded (size 0), the measured
     * events' users {@code user0 ... user<measuredUsers - 1>}. Not thread-safe.
     */
    Supplier<String> lookupUsers(long samplerSeed, int measuredUsers) {
        BitSet loaded = loadedRanks();
        if (loaded.isEmpty()) {
            SplittableRandom random = new SplittableRandom(samplerSeed);
            return () -> "user" + random.nextInt(measuredUsers);
        }
        ZipfDistribution zipf = users(users, samplerSeed);
        return () -> {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                int rank = zipf.sample();
                if (loaded.get(rank)) {
                    return userId(rank);
                }
            }
            return userId(loaded.nextSetBit(0));
        };
    }

    /** Time of row {@code i} of the {@code n} rows of increment {@code j}: its own residue mod the increments, never twice. */
    long epochMillis(int j, long i, long n) {
        long slots = HISTORY_MILLIS / increments;
        // Exact integers: slot i * slots / n grows by at least 1 per row while n <= slots (checked by the caller).
        return firstEpochMillis + Math.multiplyExact(i, slots) / n * increments + j;
    }

    /**
     * Deletes the measured users' rows (the previous point's), adds the rows missing to {@code size}, then
     * VACUUM ANALYZE, as autovacuum would have by the time a table has grown that much, and a CHECKPOINT. With
     * {@link Indexes#REBUILD} the indexes go before the COPY and come back after the VACUUM (which then has no
     * index to scan), checked to be exactly the ones before.
     */
    Result growTo(Connection db, long size, Indexes mode, String maintenanceWorkMem, int parallelWorkers) throws SQLException {
        if (size < rows) {
            throw new IllegalArgumentException("sizes must ascend: the table holds " + rows + " pre-loaded rows, asked for " + size);
        }
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(true);
        try (Statement st = db.createStatement()) {
            long start = System.nanoTime();
            st.execute("DELETE FROM user_features WHERE " + MEASURED_USERS);
            double delete = since(start);
            long added = size - rows;
            double drop = 0;
            double copy = 0;
            double build = 0;
            TableIndexes indexes = null;
            if (added > 0) {
                if (mode == Indexes.REBUILD) {
                    start = System.nanoTime();
                    indexes = TableIndexes.read(db);
                    indexes.drop(db);
                    drop = since(start);
                }
                if (nextIncrement >= increments) {
                    throw new IllegalStateException("more increments than the " + increments + " residues planned");
                }
                copy = copy(db, nextIncrement++, added);
                rows = size;
            }
            start = System.nanoTime();
            st.execute("VACUUM ANALYZE user_features");
            double vacuum = since(start);
            if (indexes != null) {
                start = System.nanoTime();
                indexes.rebuild(db, maintenanceWorkMem, parallelWorkers);
                build = since(start);
            }
            // The load's dirty pages go to disk now, not during the measurements that follow.
            start = System.nanoTime();
            st.execute("CHECKPOINT");
            double checkpoint = since(start);
            return new Result(size - added, added, users, delete, drop, copy, vacuum, build, checkpoint);
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** Streams increment {@code j}'s {@code n} rows through one COPY; returns its seconds. */
    private double copy(Connection db, int j, long n) throws SQLException {
        if (n > HISTORY_MILLIS / increments) {
            throw new IllegalArgumentException(n + " rows in one increment do not fit distinct milliseconds of "
                    + HISTORY_DAYS + " days with " + increments + " residues");
        }
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(8);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        BitSet ranks = new BitSet();
        // Generating (SHA-1 UUIDs, timestamps) costs about as much CPU as PostgreSQL's COPY: a second
        // thread renders the next chunks while this one writes, so each takes one of the cores.
        Thread generator = new Thread(() -> {
            try {
                ZipfDistribution zipf = users(users, seed + j);
                StringBuilder text = new StringBuilder(CHUNK_ROWS * 128);
                for (long i = 0; i < n; i++) {
                    int rank = zipf.sample();
                    ranks.set(rank);
                    String user = userId(rank);
                    String type = FeatureEvents.EVENT_TYPES.get((int) (i % FeatureEvents.EVENT_TYPES.size()));
                    long millis = epochMillis(j, i, n);
                    text.append(FeatureEvents.featureId(user, type, millis)).append('\t').append(user).append('\t')
                            .append(type).append('\t').append((i % 10_000) / 100.0).append('\t')
                            .append(Instant.ofEpochMilli(millis)).append('\n');
                    if ((i + 1) % CHUNK_ROWS == 0 || i == n - 1) {
                        chunks.put(text.toString().getBytes(StandardCharsets.UTF_8));
                        text.setLength(0);
                    }
                }
                chunks.put(END);
            } catch (InterruptedException e) {
                // The COPY failed and stopped reading.
            } catch (RuntimeException e) {
                failure.set(e);
                chunks.clear();
                chunks.offer(END);
            }
        }, "preload-generator");
        generator.setDaemon(true);
        long start = System.nanoTime();
        CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY user_features (" + FeatureEvents.COPY_COLUMNS + ") FROM STDIN");
        try {
            generator.start();
            for (byte[] chunk = chunks.take(); chunk != END; chunk = chunks.take()) {
                copy.writeToCopy(chunk, 0, chunk.length);
            }
            generator.join();
            if (failure.get() != null) {
                throw new IllegalStateException("generating the pre-load failed: " + failure.get(), failure.get());
            }
            long written = copy.endCopy();
            if (written != n) {
                throw new IllegalStateException("COPY wrote " + written + " rows, expected " + n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the pre-load", e);
        } finally {
            generator.interrupt();
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        loadedRanks.or(ranks);
        return since(start);
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The indexes and unique constraints of {@code user_features} as the schema made them, read from the
     * catalog (so whatever {@code schema.sql} defines): dropped on the parent (which drops them on every
     * partition) and built again by the same statements, then the full list of indexes of every partition
     * compared with the one before, names and definitions.
     */
    record TableIndexes(List<String> drops, List<String> creates, List<String> before) {
        private static final String LOCK_TIMEOUT = "2min";
        private static final String OWN = "SELECT i.relname, con.conname, pg_get_constraintdef(con.oid), pg_get_indexdef(i.oid) "
                + "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                + "LEFT JOIN pg_constraint con ON con.conindid = i.oid AND con.conrelid = x.indrelid "
                + "WHERE x.indrelid = 'user_features'::regclass ORDER BY (con.contype = 'p') DESC NULLS LAST, i.relname";
        private static final String ALL = "SELECT t.relid::regclass::text || ' ' || pg_get_indexdef(i.oid) "
                + "|| coalesce(' CONSTRAINT ' || con.conname || ' ' || pg_get_constraintdef(con.oid), '') "
                + "|| CASE WHEN x.indisvalid AND x.indisready THEN '' ELSE ' (NOT VALID)' END "
                + "FROM pg_partition_tree('user_features') t JOIN pg_index x ON x.indrelid = t.relid "
                + "JOIN pg_class i ON i.oid = x.indexrelid "
                + "LEFT JOIN pg_constraint con ON con.conindid = i.oid AND con.conrelid = x.indrelid ORDER BY 1";

        static TableIndexes read(Connection db) throws SQLException {
            List<String> drops = new ArrayList<>();
            List<String> creates = new ArrayList<>();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(OWN)) {
                while (rs.next()) {
                    if (rs.getString(2) != null) {
                        drops.add("ALTER TABLE user_features DROP CONSTRAINT " + rs.getString(2));
                        creates.add("ALTER TABLE user_features ADD CONSTRAINT " + rs.getString(2) + " " + rs.getString(3));
                    } else {
                        drops.add("DROP INDEX " + rs.getString(1));
                        // A partitioned table's index prints as ON ONLY (the parent alone); built through the parent, it cascades.
                        creates.add(rs.getString(4).replace(" ON ONLY ", " ON "));
                    }
                }
            }
            if (creates.isEmpty()) {
                throw new IllegalStateException("user_features has no indexes: schema.sql did not run?");
            }
            return new TableIndexes(drops, creates, all(db));
        }

        static List<String> all(Connection db) throws SQLException {
            List<String> all = new ArrayList<>();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(ALL)) {
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
            }
            return all;
        }

        void drop(Connection db) throws SQLException {
            try (Statement st = db.createStatement()) {
                // ACCESS EXCLUSIVE on the table: a session idle in a transaction on it would block this for ever.
                st.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
                for (String sql : drops) {
                    st.execute(sql);
                }
                st.execute("RESET lock_timeout");
            }
        }

        void rebuild(Connection db, String maintenanceWorkMem, int parallelWorkers) throws SQLException {
            try (Statement st = db.createStatement()) {
                st.execute("SET maintenance_work_mem = '" + maintenanceWorkMem.replace("'", "") + "'");
                st.execute("SET max_parallel_maintenance_workers = " + parallelWorkers);
                st.execute("SET lock_timeout = '" + LOCK_TIMEOUT + "'");
                for (String sql : creates) {
                    st.execute(sql);
                }
                st.execute("RESET maintenance_work_mem");
                st.execute("RESET max_parallel_maintenance_workers");
                st.execute("RESET lock_timeout");
            }
            List<String> after = all(db);
            if (!after.equals(before)) {
                List<String> missing = new ArrayList<>(before);
                missing.removeAll(after);
                List<String> extra = new ArrayList<>(after);
                extra.removeAll(before);
                throw new IllegalStateException("the rebuilt indexes differ from schema.sql's: missing " + missing + ", new " + extra);
            }
        }
    }
}
