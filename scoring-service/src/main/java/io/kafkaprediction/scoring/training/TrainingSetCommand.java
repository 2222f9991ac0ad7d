package io.kafkaprediction.scoring.training;

import io.kafkaprediction.scoring.features.definitions.FeatureDefinition;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import io.kafkaprediction.scoring.features.definitions.FeatureQuery;
import io.kafkaprediction.scoring.features.definitions.Semantics;
import io.kafkaprediction.scoring.model.LoadedModel;
import io.kafkaprediction.scoring.model.ModelLoadException;
import io.kafkaprediction.scoring.model.ModelLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code training-set --entities labels.csv (--features A,B | --model model.json) [--semantics event|arrival]
 * --output train.csv [--skip-bad-rows] [--batch-size 1000]}: point-in-time features for each
 * entity row, from the database named by DATABASE_URL / DATABASE_USER / DATABASE_PASSWORD.
 */
public final class TrainingSetCommand {

    public static final String NAME = "training-set";
    static final String USAGE = "usage: training-set --entities labels.csv (--features click,click:count:1h,... | "
            + "--model model.json) [--semantics event|arrival] --output train.csv [--skip-bad-rows] [--batch-size 1000]";

    private TrainingSetCommand() {
    }

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path entities = null;
        Path output = null;
        Path model = null;
        List<String> names = null;
        Semantics semantics = Semantics.EVENT;
        boolean skipBadRows = false;
        int batchSize = 1000;
        List<FeatureDefinition> definitions;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (flag.equals("--skip-bad-rows")) {
                    skipBadRows = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--entities" -> entities = Path.of(value);
                    case "--output" -> output = Path.of(value);
                    case "--model" -> model = Path.of(value);
                    case "--features" -> names = List.of(value.split(",", -1));
                    case "--semantics" -> semantics = Semantics.byWord(value).orElseThrow(() ->
                            new IllegalArgumentException("--semantics must be event or arrival, got '" + value + "'"));
                    case "--batch-size" -> batchSize = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (entities == null || output == null) {
                throw new IllegalArgumentException("--entities and --output are required");
            }
            if ((names == null) == (model == null)) {
                throw new IllegalArgumentException("give exactly one of --features and --model");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
            }
            if (env.getOrDefault("DATABASE_URL", "").isBlank()) {
                throw new IllegalArgumentException("DATABASE_URL is not set (jdbc:postgresql://host:5432/db)");
            }
            definitions = names != null ? FeatureDefinitions.parseAll(names) : definitionsOf(model);
        } catch (IllegalArgumentException | ModelLoadException e) {
            err.println(NAME + ": " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        FeatureQuery query = FeatureQuery.of(definitions, semantics);
        Path absolute = output.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try (Connection connection = DriverManager.getConnection(env.get("DATABASE_URL"),
                env.getOrDefault("DATABASE_USER", "scoring_reader"), env.getOrDefault("DATABASE_PASSWORD", ""));
             Reader in = Files.newBufferedReader(entities, StandardCharsets.UTF_8)) {
            TrainingSetWriter.Summary summary;
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                summary = new TrainingSetWriter(query, batchSize, skipBadRows).write(in, writer, connection);
            }
            // Renamed into place only when complete: a failed run never leaves half a training set.
            Files.move(temporary, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("wrote " + output + ": " + summary.rows() + " rows, " + definitions.size() + " features "
                    + definitions.stream().map(FeatureDefinition::name).toList() + ", semantics " + semantics.word()
                    + (skipBadRows ? ", skipped " + summary.skipped() + " bad rows" : ""));
            return 0;
        } catch (TrainingSetWriter.BadRowException e) {
            err.println(NAME + ": " + entities + " " + e.getMessage() + " (--skip-bad-rows skips such rows)");
        } catch (IOException | SQLException | RuntimeException e) {
            err.println(NAME + ": " + e.getMessage());
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // best effort: the message above says what failed
        }
        return 1;
    }

    private static List<FeatureDefinition> definitionsOf(Path model) throws ModelLoadException {
        try (LoadedModel loaded = new ModelLoader().load(model, Optional.empty())) {
            return loaded.definitions();
        }
    }
}
