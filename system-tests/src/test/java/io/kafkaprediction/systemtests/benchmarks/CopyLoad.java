package io.kafkaprediction.systemtests.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The physical limit: the same rows written with one {@code COPY ... FROM STDIN} into the same
 * table, indexes and all. The rows are rendered before the clock starts, so the figure is
 * PostgreSQL's (and the socket's), not the generator's.
 */
final class CopyLoad {
    private static final int CHUNK_ROWS = 10_000;

    private CopyLoad() {
    }

    /** Truncates {@code user_features}, copies {@code count} events in, returns the seconds COPY took. */
    static double run(Connection db, FeatureEvents events, long count) throws SQLException {
        truncate(db);
        return into(db, events, count);
    }

    /** Copies {@code count} events into the table as it is (the growth benchmark's pre-loaded one); returns the seconds. */
    static double into(Connection db, FeatureEvents events, long count) throws SQLException {
        List<byte[]> chunks = new ArrayList<>();
        StringBuilder text = new StringBuilder(CHUNK_ROWS * 128);
        for (long i = 0; i < count; i++) {
            events.appendCopyRow(i, text);
            if ((i + 1) % CHUNK_ROWS == 0 || i == count - 1) {
                chunks.add(text.toString().getBytes(StandardCharsets.UTF_8));
                text.setLength(0);
            }
        }
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(true);
        try {
            long start = System.nanoTime();
            CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY user_features (" + FeatureEvents.COPY_COLUMNS + ") FROM STDIN");
            try {
                for (byte[] chunk : chunks) {
                    copy.writeToCopy(chunk, 0, chunk.length);
                }
                long rows = copy.endCopy();
                if (rows != count) {
                    throw new IllegalStateException("COPY wrote " + rows + " rows, expected " + count);
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    static void truncate(Connection db) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("TRUNCATE user_features");
        }
    }
}
