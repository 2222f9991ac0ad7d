package io.kafkaprediction.scoring;

import static io.kafkaprediction.scoring.CommandLines.valued;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;

/**
 * {@code create-model [--output FILE] [--rows N] [--seed S] [--features A,B,C] [--version V]}: trains
 * the demo model with XGBoost4J; {@code --version} is recorded in the model (else the service
 * reports a content hash).
 */
final class CreateModelCommand {

    static final String NAME = "create-model";
    static final String USAGE = "usage: create-model [--output model.json] [--rows 10000] [--seed 42] "
            + "[--features click,view,purchase] [--version V]";

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
                settings.version());
        out.println("wrote " + written.toAbsolutePath() + " (features " + settings.features()
                + ", " + settings.rows() + " rows, seed " + settings.seed()
                + (settings.version() == null ? "" : ", version " + settings.version()) + ")");
        return 0;
    }

    private record Settings(Path output, int rows, long seed, List<String> features, String version) {

        /** Null after --help. */
        static Settings parse(String[] args, PrintStream out) {
            CommandLine line = CommandLines.parse(args, out, USAGE, valued("output"), valued("rows"),
                    valued("seed"), valued("features"), valued("version"));
            if (line == null) {
                return null;
            }
            int rows = Integer.parseInt(line.getOptionValue("rows", "10000"));
            List<String> features = line.hasOption("features")
                    ? List.of(line.getOptionValue("features").split(",", -1)) : DemoModel.FEATURE_NAMES;
            if (rows < 10) {
                throw new IllegalArgumentException("--rows must be at least 10, got " + rows);
            }
            if (features.size() != DemoModel.FEATURE_NAMES.size()) {
                throw new IllegalArgumentException("--features needs " + DemoModel.FEATURE_NAMES.size()
                        + " comma-separated names, got " + features.size());
            }
            // The names are the model's feature definitions: refuse one the service would refuse to load.
            FeatureDefinitions.parseAll(features);
            String version = line.getOptionValue("version");
            if (version != null && version.isBlank()) {
                throw new IllegalArgumentException("--version must not be blank");
            }
            return new Settings(Path.of(line.getOptionValue("output", "model.json")), rows,
                    Long.parseLong(line.getOptionValue("seed", "42")), features,
                    version == null ? null : version.strip());
        }
    }
}
