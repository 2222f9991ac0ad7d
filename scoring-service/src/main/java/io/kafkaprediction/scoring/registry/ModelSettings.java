package io.kafkaprediction.scoring.registry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where the model comes from and how it is refreshed ({@code scoring.model.*}).
 *
 * @param path           model file (JSON or UBJ), or a model repository folder, {@code MODEL_PATH}
 * @param version        overrides the version of a single model file, {@code MODEL_VERSION} (else the
 *                       model's {@code version} attribute, else a content hash); a repository's
 *                       versions are its folder names
 * @param name           the model's name in the Open Inference Protocol paths, {@code MODEL_NAME}
 * @param reloadInterval how often the files are checked for changes; zero disables reloads
 */
@ConfigurationProperties("scoring.model")
public record ModelSettings(
        @NotBlank String path,
        @Nullable String version,
        @NotBlank String name,
        @NotNull Duration reloadInterval) {
}
