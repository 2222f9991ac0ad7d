package io.kafkaprediction.scoring.training;

import static io.kafkaprediction.scoring.CommandLines.valued;

import io.kafkaprediction.scoring.CommandLines;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.commons.cli.CommandLine;

/**
 * {@code train --training-set train.csv --label label --output model.json [--features A,B] [--rounds 200]
 * [--max-depth 6] [--eta 0.1] [--seed 42] [--version V]}: an XGBoost model from a {@code training-set} CSV,
 * validated on its latest 20 % of rows by timestamp, written atomically so hot reload picks it up. With
 * {@code --repository R [--model-name M]} instead of {@code --output} it is the next version folder
 * {@code R/M/<n>/model.json} of a model repository, staged hidden and renamed into place.
 */
public final class TrainCommand {

    public static final String NAME = "train";
    static final String USAGE = "usage: train --training-set train.csv --label label (--output model.json | "
            + "--repository models [--model-name model]) [--features a,b,...] [--rounds 200] [--max-depth 6] "
            + "[--eta 0.1] [--seed 42] [--version V]";

    private TrainCommand() {
    }

    private record Settings(Path trainingSet, String label, Path output, Path repository, String modelName,
                            List<String> features, int rounds, int maxDepth, double eta, long seed, String version) {
        Settings withVersion(String newVersion) {
            return new Settings(trainingSet, label, output, repository, modelName, features, rounds, maxDepth, eta,
                    seed, newVersion);
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = parse(args, out);
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (settings == null) {
            return 0; // --help
        }
        Path versionFolder = null;
        Path staging = null;
        Path absolute;
        if (settings.repository() != null) {
            Path model = settings.repository().resolve(settings.modelName()).toAbsolutePath();
            String version = settings.version() != null ? settings.version().strip() : nextVersion(model);
            versionFolder = model.resolve(version);
            if (Files.exists(versionFolder)) {
                err.println(NAME + ": " + versionFolder + " exists already: a version is never overwritten");
                return 1;
            }
            // Hidden while it is written: the service ignores dot-folders, then sees the whole version at once.
            staging = model.resolve("." + version + ".tmp");
            absolute = staging.resolve("model.json");
            settings = settings.withVersion(version);
        } else {
            absolute = settings.output().toAbsolutePath();
        }
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            TrainingData data;
            try (Reader in = Files.newBufferedReader(settings.trainingSet(), StandardCharsets.UTF_8)) {
                data = TrainingData.read(in, settings.label(), settings.features());
            }
            if (data.rows().size() < 2) {
                throw new IllegalArgumentException(settings.trainingSet() + " has " + data.rows().size()
                        + " rows: at least 2 are needed (one to train on, one to validate)");
            }
            // The names become the model's feature definitions: refuse one the service would refuse to load.
            FeatureDefinitions.parseAll(data.features());
            byte[] model = train(data, settings, out);
            Files.createDirectories(absolute.getParent());
            Files.write(temporary, model);
            // A reader (hot reload) sees the old file or the whole new one, never half a model.
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (versionFolder != null) {
                Files.move(staging, versionFolder, StandardCopyOption.ATOMIC_MOVE);
                out.println("wrote " + versionFolder.resolve("model.json"));
            } else {
                out.println("wrote " + settings.output());
            }
            return 0;
        } catch (TrainingSetWriter.BadRowException e) {
            err.println(NAME + ": " + settings.trainingSet() + " " + e.getMessage());
        } catch (IOException | XGBoostError | RuntimeException e) {
            err.println(NAME + ": " + e.getMessage());
        }
        TemporaryFiles.deleteQuietly(temporary);
        if (staging != null) {
            TemporaryFiles.deleteQuietly(absolute);
            TemporaryFiles.deleteQuietly(staging);
        }
        return 1;
    }

    private static Settings parse(String[] args, PrintStream out) {
        CommandLine line = CommandLines.parse(args, out, USAGE, valued("training-set"), valued("label"),
                valued("output"), valued("repository"), valued("model-name"), valued("features"), valued("rounds"),
                valued("max-depth"), valued("eta"), valued("seed"), valued("version"));
        if (line == null) {
            return null;
        }
        for (String required : List.of("training-set", "label")) {
            if (!line.hasOption(required)) {
                throw new IllegalArgumentException("--" + required + " is required");
            }
        }
        if (line.hasOption("output") == line.hasOption("repository")) {
            throw new IllegalArgumentException("give exactly one of --output and --repository");
        }
        List<String> features = line.hasOption("features")
                ? List.of(line.getOptionValue("features").split(",", -1)) : null;
        int rounds = integer(line, "rounds", "200");
        int maxDepth = integer(line, "max-depth", "6");
        double eta;
        try {
            eta = Double.parseDouble(line.getOptionValue("eta", "0.1"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--eta must be a number, got '" + line.getOptionValue("eta") + "'");
        }
        if (rounds < 1 || maxDepth < 1 || !(eta > 0 && eta <= 1)) {
            throw new IllegalArgumentException("--rounds and --max-depth must be at least 1 and --eta in (0, 1]");
        }
        return new Settings(Path.of(line.getOptionValue("training-set")), line.getOptionValue("label"),
                line.hasOption("output") ? Path.of(line.getOptionValue("output")) : null,
                line.hasOption("repository") ? Path.of(line.getOptionValue("repository")) : null,
                line.getOptionValue("model-name", "model"), features, rounds, maxDepth, eta,
                integer(line, "seed", "42"), line.getOptionValue("version"));
    }

    /** One more than the highest numeric version folder, 1 in an empty repository. */
    private static String nextVersion(Path model) throws IllegalArgumentException {
        if (!Files.isDirectory(model)) {
            return "1";
        }
        try (var folders = Files.list(model)) {
            return Long.toString(folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("[0-9]{1,18}")).mapToLong(Long::parseLong).max().orElse(0) + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + model + ": " + e.getMessage(), e);
        }
    }

    private static int integer(CommandLine line, String option, String fallback) {
        String text = line.getOptionValue(option, fallback);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be an integer, got '" + text + "'");
        }
    }

    /** Trains, prints the metrics and gains, and returns the model JSON with its attributes. */
    private static byte[] train(TrainingData data, Settings settings, PrintStream out)
            throws XGBoostError, IOException {
        boolean binary = data.binaryLabels();
        DMatrix train = matrix(data.trainRows(), data.features());
        DMatrix validation = matrix(data.validationRows(), data.features());
        Booster booster = null;
        try {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("objective", binary ? "binary:logistic" : "reg:squarederror");
            params.put("eval_metric", binary ? "logloss" : "rmse");
            params.put("tree_method", "hist");
            params.put("max_depth", settings.maxDepth());
            params.put("eta", settings.eta());
            params.put("seed", settings.seed());
            // One thread: the same training set and seed give the same model (and version hash).
            params.put("nthread", 1);
            booster = XGBoost.train(train, params, settings.rounds(), Map.of(), null, null);
            if (binary) {
                // XGBoost appends a repeated eval_metric to the list rather than replacing it.
                booster.setParam("eval_metric", "auc");
            }
            Map<String, String> metrics = metrics(booster.evalSet(new DMatrix[] {train, validation},
                    new String[] {"train", "validation"}, settings.rounds() - 1));
            Map<String, Double> gains = booster.getScore("", "gain");
            out.println("trained " + params.get("objective") + " on " + data.trainRows().size() + " rows, validated on "
                    + data.validationRows().size() + " rows (the latest by timestamp, from "
                    + data.validationRows().get(0).timestamp() + "), " + settings.rounds() + " rounds");
            metrics.forEach((name, value) -> out.println("  " + name + " " + value));
            for (String feature : data.features()) {
                out.println("  gain " + feature + " " + gains.getOrDefault(feature, 0.0));
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("feature_definitions", String.join(",", data.features()));
            attributes.put("training_set_from", data.rows().get(0).timestamp().toString());
            attributes.put("training_set_to", data.rows().get(data.rows().size() - 1).timestamp().toString());
            attributes.put("training_set_rows", Integer.toString(data.rows().size()));
            attributes.put("validation_rows", Integer.toString(data.validationRows().size()));
            metrics.forEach((name, value) -> attributes.put(name.replace('-', '_'), value));
            booster.setAttrs(attributes);
            // The default version is a hash of the model before the version is written into it.
            String version = settings.version() != null && !settings.version().isBlank()
                    ? settings.version().strip() : "sha256:" + sha256(booster.toByteArray("json")).substring(0, 12);
            booster.setAttr("version", version);
            out.println("  version " + version);
            return booster.toByteArray("json");
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            train.dispose();
            validation.dispose();
        }
    }

    private static DMatrix matrix(List<TrainingData.Row> rows, List<String> features) throws XGBoostError {
        int columns = features.size();
        float[] values = new float[rows.size() * columns];
        float[] labels = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).values(), 0, values, i * columns, columns);
            labels[i] = rows.get(i).label();
        }
        DMatrix matrix = new DMatrix(values, rows.size(), columns, Float.NaN);
        matrix.setLabel(labels);
        matrix.setFeatureNames(features.toArray(String[]::new));
        return matrix;
    }

    /** "[199]\ttrain-logloss:0.1\ttrain-auc:0.9\t..." as name → value, in order. */
    private static Map<String, String> metrics(String evaluation) {
        Map<String, String> metrics = new LinkedHashMap<>();
        String[] parts = evaluation.strip().split("\t");
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].lastIndexOf(':');
            metrics.put(parts[i].substring(0, colon), parts[i].substring(colon + 1));
        }
        return metrics;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
