package io.kafkaprediction.scoring.training;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams an entities CSV into a training set: each row's columns unchanged plus one column per
 * feature, computed at the row's timestamp by {@link FeatureQuery}, the statement {@code /predict}
 * runs. Rows go to PostgreSQL in batches, so memory stays flat however long the file is.
 */
final class TrainingSetWriter {

    static final String USER_ID = "user_id";
    static final String TIMESTAMP = "timestamp";

    private final FeatureQuery query;
    private final int batchSize;
    private final boolean skipBadRows;

    /** What a run wrote and skipped. */
    record Summary(long rows, long skipped) {
    }

    /** A row that cannot be read: the message names the line and the field. */
    static final class BadRowException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadRowException(long line, String field, String problem) {
            super("line " + line + ": " + field + ": " + problem);
        }
    }

    TrainingSetWriter(FeatureQuery query, int batchSize, boolean skipBadRows) {
        this.query = query;
        this.batchSize = batchSize;
        this.skipBadRows = skipBadRows;
    }

    Summary write(Reader entities, Writer output, Connection connection) throws IOException, SQLException {
        CSVFormat in = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.builder().setReader(entities).setFormat(in).get()) {
            List<String> header = parser.getHeaderNames();
            Map<String, Integer> columns = parser.getHeaderMap();
            for (String required : List.of(USER_ID, TIMESTAMP)) {
                if (!columns.containsKey(required)) {
                    throw new BadRowException(1, required, "the header has no column '" + required + "': " + header);
                }
            }
            List<String> outHeader = new ArrayList<>(header);
            for (FeatureDefinition d : query.definitions()) {
                if (columns.containsKey(d.name())) {
                    throw new BadRowException(1, d.name(), "the entities already have a column named like the feature");
                }
                outHeader.add(d.name());
            }
            CSVFormat out = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();
            CSVPrinter printer = new CSVPrinter(output, out);
            printer.printRecord(outHeader);
            long rows = 0;
            long skipped = 0;
            List<CSVRecord> batch = new ArrayList<>(batchSize);
            List<String> users = new ArrayList<>(batchSize);
            List<Instant> times = new ArrayList<>(batchSize);
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                try {
                    Instant t = readRow(record, header.size(), columns, line);
                    users.add(record.get(USER_ID));
                    times.add(t);
                    batch.add(record);
                } catch (BadRowException e) {
                    if (!skipBadRows) {
                        throw e;
                    }
                    skipped++;
                }
                if (batch.size() == batchSize) {
                    rows += flush(batch, users, times, printer, connection);
                }
            }
            rows += flush(batch, users, times, printer, connection);
            printer.flush();
            return new Summary(rows, skipped);
        }
    }

    private static Instant readRow(CSVRecord record, int width, Map<String, Integer> columns, long line) {
        if (record.size() != width) {
            throw new BadRowException(line, "row", "has " + record.size() + " fields, the header has " + width);
        }
        String user = record.get(USER_ID);
        if (user.isBlank()) {
            throw new BadRowException(line, USER_ID, "must not be blank");
        }
        return timestamp(record.get(TIMESTAMP), line);
    }

    /** The event formats: ISO-8601 with offset, or epoch milliseconds. */
    static Instant timestamp(String text, long line) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadRowException(line, TIMESTAMP, "'" + text
                    + "' is neither ISO-8601 with offset (2026-01-20T15:00:00Z) nor epoch milliseconds");
        }
    }

    private long flush(List<CSVRecord> batch, List<String> users, List<Instant> times, CSVPrinter printer,
                       Connection connection) throws IOException, SQLException {
        if (batch.isEmpty()) {
            return 0;
        }
        double[][] values = query.run(connection, users, times);
        int features = query.definitions().size();
        for (int i = 0; i < batch.size(); i++) {
            List<String> cells = new ArrayList<>(batch.get(i).size() + features);
            batch.get(i).forEach(cells::add);
            for (int f = 0; f < features; f++) {
                cells.add(cell(values[i], f, query.definitions().get(f)));
            }
            printer.printRecord(cells);
        }
        long written = batch.size();
        batch.clear();
        users.clear();
        times.clear();
        return written;
    }

    /**
     * Missing is an empty cell. A user unknown at t has no row from the query: its counts and sums
     * are 0 like any empty window, the rest missing. Double.toString round-trips every double exactly.
     */
    private static String cell(double[] row, int feature, FeatureDefinition definition) {
        if (row == null) {
            return definition.aggregation().zeroWhenEmpty() ? "0.0" : "";
        }
        return Double.isNaN(row[feature]) ? "" : Double.toString(row[feature]);
    }
}
