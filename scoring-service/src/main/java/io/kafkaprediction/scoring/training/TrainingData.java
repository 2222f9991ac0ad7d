package io.kafkaprediction.scoring.training;

import io.kafkaprediction.scoring.training.TrainingSetWriter.BadRowException;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A training set as written by {@code training-set}, read into memory and sorted by {@code timestamp}:
 * the latest rows become the validation set (a time split, as the model will score the future).
 */
record TrainingData(List<String> features, List<Row> rows) {

    /** One CSV row: its time, label and feature values (NaN for an empty cell, XGBoost's missing). */
    record Row(Instant timestamp, float label, float[] values) {
    }

    /** The share of rows, the latest by timestamp, held out for validation. */
    static final double VALIDATION_SHARE = 0.2;

    /**
     * @param features the feature columns, or null for every column but user_id, timestamp and the label
     * @throws BadRowException          naming the line and the column of an unparseable cell
     * @throws IllegalArgumentException when a named column is not in the header
     */
    static TrainingData read(Reader in, String label, List<String> features) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            Map<String, Integer> columns = parser.getHeaderMap();
            for (String required : List.of(TrainingSetWriter.USER_ID, TrainingSetWriter.TIMESTAMP, label)) {
                if (!columns.containsKey(required)) {
                    throw new IllegalArgumentException("the training set has no column '" + required
                            + "' (header " + parser.getHeaderNames() + ")");
                }
            }
            List<String> chosen = features != null ? features : parser.getHeaderNames().stream()
                    .filter(c -> !c.equals(TrainingSetWriter.USER_ID) && !c.equals(TrainingSetWriter.TIMESTAMP)
                            && !c.equals(label))
                    .toList();
            for (String feature : chosen) {
                if (!columns.containsKey(feature)) {
                    throw new IllegalArgumentException("--features: the training set has no column '" + feature
                            + "' (header " + parser.getHeaderNames() + ")");
                }
            }
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("the training set has no feature column besides user_id, "
                        + "timestamp and " + label);
            }
            List<Row> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                long line = record.getRecordNumber() + 1; // line 1 is the header
                if (record.size() != columns.size()) {
                    throw new BadRowException(line, "row", "has " + record.size() + " fields, the header has "
                            + columns.size());
                }
                Instant time = TrainingSetWriter.timestamp(record.get(TrainingSetWriter.TIMESTAMP), line);
                String labelText = record.get(label);
                if (labelText.isBlank()) {
                    throw new BadRowException(line, label, "the label is missing");
                }
                float[] values = new float[chosen.size()];
                for (int i = 0; i < values.length; i++) {
                    String text = record.get(chosen.get(i));
                    values[i] = text.isEmpty() ? Float.NaN : number(text, line, chosen.get(i));
                }
                rows.add(new Row(time, number(labelText, line, label), values));
            }
            // Stable: rows with the same timestamp keep their file order.
            rows.sort(Comparator.comparing(Row::timestamp));
            return new TrainingData(List.copyOf(chosen), List.copyOf(rows));
        }
    }

    private static float number(String text, long line, String column) {
        try {
            float value = Float.parseFloat(text.strip());
            if (!Float.isFinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRowException(line, column, "'" + text + "' is not a finite number");
        }
    }

    /** How many of the latest rows validate: 20 %, at least one, leaving at least one to train on. */
    int validationCount() {
        return Math.max(1, Math.min(rows.size() - 1, (int) Math.round(rows.size() * VALIDATION_SHARE)));
    }

    List<Row> trainRows() {
        return rows.subList(0, rows.size() - validationCount());
    }

    List<Row> validationRows() {
        return rows.subList(rows.size() - validationCount(), rows.size());
    }

    /** Labels all 0 or 1: a classifier (binary:logistic); anything else is a regression. */
    boolean binaryLabels() {
        return rows.stream().allMatch(r -> r.label() == 0f || r.label() == 1f);
    }
}
