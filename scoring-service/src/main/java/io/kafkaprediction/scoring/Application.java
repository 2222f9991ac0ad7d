package io.kafkaprediction.scoring;

import io.kafkaprediction.scoring.training.TrainCommand;
import io.kafkaprediction.scoring.training.TrainingSetCommand;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;

/**
 * Entry point of the fat jar: {@code java -jar scoring-service.jar} serves HTTP,
 * {@code java -jar scoring-service.jar create-model --output model.json} trains the demo model.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "Kafka Prediction API — scoring service",
                version = "1.0",
                description = "XGBoost scoring from request features or from the feature store, "
                        + "plus the Open Inference Protocol v2."),
        tags = {
                @Tag(name = "predict", description = "Single-user scoring"),
                @Tag(name = "inference", description = "Open Inference Protocol v2 (KServe, Triton, MLServer clients)")
        })
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && TrainingSetCommand.NAME.equals(args[0])) {
            System.exit(TrainingSetCommand.run(Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.out,
                    System.err));
        }
        if (args.length > 0 && TrainCommand.NAME.equals(args[0])) {
            System.exit(TrainCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        if (args.length > 0 && CreateModelCommand.NAME.equals(args[0])) {
            System.exit(CreateModelCommand.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        java.util.Map<String, Object> settings;
        try {
            settings = EnvironmentSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("scoring-service: " + e.getMessage());
            System.exit(2);
            return;
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(settings)
                .start();
    }
}
