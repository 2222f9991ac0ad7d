package io.kafkaprediction.scoring;

import static io.kafkaprediction.scoring.CommandLines.valued;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.cli.CommandLine;

/**
 * {@code create-model [--output FILE] [--rows N] [--seed S] [--features A,B,C | --feature-count N] [--trees T]
 * [--max-depth D] [--version V]}: trains the demo model with XGBoost4J; the sizes make larger ones, e.g.
 * {@code --trees 500 --max-depth 8 --feature-count 50} as large as production models, for benchmarks.
 * {@code --version} is recorded in the model (else the service reports a content hash).
 */
final class CreateModelCommand {

    static final String NAME = "create-model";
    static final String USAGE = "usage: create-model [--output model.json] [--rows 10000] [--seed 42] "
            + "[--features click,view,purchase | --feature-count 3] [--trees 30] [--max-depth 4] [--version V]";

    private CreateModelCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Settings settings;
        try {
            settings = Settings.parse(args, out);
        } catch (IllegalArgumentException e) {
            err.println("create-model: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (settings == null) {
            return 0; // --help
        }
        Path written = DemoModel.train(settings.output(), settings.rows(), settings.seed(), settings.features(),
                settings.trees(), settings.maxDepth(), settings.version());
        out.println("wrote " + written.toAbsolutePath() + " (features " + settings.features()
                + ", " + settings.rows() + " rows, seed " + settings.seed() + sizes(settings)
                + (settings.version() == null ? "" : ", version " + settings.version()) + ")");
        return 0;
    }

    /** The demo model's own sizes go unsaid, so its line stays as the README shows it. */
    private static String sizes(Settings settings) {
        return settings.trees() == DemoModel.ROUNDS && settings.maxDepth() == DemoModel.MAX_DEPTH ? ""
                : ", " + settings.trees() + " trees of depth <= " + settings.maxDepth();
    }

    private record Settings(Path output, int rows, long seed, List<String> features, int trees, int maxDepth,
                            String version) {

        /** Null after --help. */
        static Settings parse(String[] args, PrintStream out) {
            CommandLine line = CommandLines.parse(args, out, USAGE, valued("output"), valued("rows"),
                    valued("seed"), valued("features"), valued("feature-count"), valued("trees"), valued("max-depth"),
                    valued("version"));
            if (line == null) {
                return null;
            }
            int rows = Integer.parseInt(line.getOptionValue("rows", "10000"));
            if (rows < 10) {
                throw new IllegalArgumentException("--rows must be at least 10, got " + rows);
            }
            int trees = atLeastOne(line, "trees", DemoModel.ROUNDS);
            int maxDepth = atLeastOne(line, "max-depth", DemoModel.MAX_DEPTH);
            List<String> features;
            if (line.hasOption("features")) {
                if (line.hasOption("feature-count")) {
                    throw new IllegalArgumentException("give --features or --feature-count, not both");
                }
                features = List.of(line.getOptionValue("features").split(",", -1));
            } else if (line.hasOption("feature-count")) {
                int count = atLeastOne(line, "feature-count", 0);
                features = IntStream.rangeClosed(1, count).mapToObj(i -> "f" + i).toList();
            } else {
                features = DemoModel.FEATURE_NAMES;
            }
            // The names are the model's feature definitions: refuse one the service would refuse to load.
            FeatureDefinitions.parseAll(features);
            String version = line.getOptionValue("version");
            if (version != null && version.isBlank()) {
                throw new IllegalArgumentException("--version must not be blank");
            }
            return new Settings(Path.of(line.getOptionValue("output", "model.json")), rows,
                    Long.parseLong(line.getOptionValue("seed", "42")), features, trees, maxDepth,
                    version == null ? null : version.strip());
        }

        private static int atLeastOne(CommandLine line, String option, int fallback) {
            int value = Integer.parseInt(line.getOptionValue(option, Integer.toString(fallback)));
            if (value < 1) {
                throw new IllegalArgumentException("--" + option + " must be at least 1, got " + value);
            }
            return value;
        }
    }
}
