package io.kafkaprediction.scoring;

import io.kafkaprediction.scoring.demo.DemoModel;
import io.kafkaprediction.scoring.features.definitions.FeatureDefinitions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code create-model [--output FILE] [--rows N] [--seed S] [--features A,B,C]}: trains the demo model with XGBoost4J. */
final class CreateModelCommand {

    static final String NAME = "create-model";
    static final String USAGE = "usage: create-model [--output model.json] [--rows 10000] [--seed 42] "
            + "[--features click,view,purchase]";

    private CreateModelCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path output = Path.of("model.json");
        int rows = 10_000;
        long seed = 42L;
        List<String> features = DemoModel.FEATURE_NAMES;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--output" -> output = Path.of(value);
                    case "--rows" -> rows = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--features" -> features = List.of(value.split(",", -1));
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (rows < 10) {
                throw new IllegalArgumentException("--rows must be at least 10, got " + rows);
            }
            if (features.size() != DemoModel.FEATURE_NAMES.size()) {
                throw new IllegalArgumentException("--features needs " + DemoModel.FEATURE_NAMES.size()
                        + " comma-separated names, got " + features.size());
            }
            // The names are the model's feature definitions: refuse one the service would refuse to load.
            FeatureDefinitions.parseAll(features);
        } catch (IllegalArgumentException e) {
            err.println("create-model: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path written = DemoModel.train(output, rows, seed, features);
        out.println("wrote " + written.toAbsolutePath() + " (features " + features
                + ", " + rows + " rows, seed " + seed + ")");
        return 0;
    }
}
