package io.kafkaprediction.scoring.training;

import static io.kafkaprediction.scoring.CommandLines.flag;
import static io.kafkaprediction.scoring.CommandLines.valued;

import io.kafkaprediction.scoring.CommandLines;
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
import org.apache.commons.cli.CommandLine;

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
        Path entities;
        Path output;
        Path model;
        List<String> names;
        Semantics semantics;
        boolean skipBadRows;
        int batchSize;
        List<FeatureDefinition> definitions;
        try {
            CommandLine line = CommandLines.parse(args, out, USAGE, valued("entities"), valued("output"),
                    valued("model"), valued("features"), valued("semantics"), valued("batch-size"),
                    flag("skip-bad-rows"));
            if (line == null) {
                return 0; // --help
            }
            entities = path(line, "entities");
            output = path(line, "output");
            model = path(line, "model");
            names = line.hasOption("features") ? List.of(line.getOptionValue("features").split(",", -1)) : null;
            String word = line.getOptionValue("semantics", Semantics.EVENT.word());
            semantics = Semantics.byWord(word).orElseThrow(() ->
                    new IllegalArgumentException("--semantics must be event or arrival, got '" + word + "'"));
            skipBadRows = line.hasOption("skip-bad-rows");
            batchSize = Integer.parseInt(line.getOptionValue("batch-size", "1000"));
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
        TemporaryFiles.deleteQuietly(temporary);
        return 1;
    }

    private static Path path(CommandLine line, String option) {
        return line.hasOption(option) ? Path.of(line.getOptionValue(option)) : null;
    }

    private static List<FeatureDefinition> definitionsOf(Path model) throws ModelLoadException {
        try (LoadedModel loaded = new ModelLoader().load(model, Optional.empty())) {
            return loaded.definitions();
        }
    }
}
