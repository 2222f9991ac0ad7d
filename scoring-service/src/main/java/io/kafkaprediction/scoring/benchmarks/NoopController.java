package io.kafkaprediction.scoring.benchmarks;

import io.kafkaprediction.scoring.features.FeatureLookups;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP floor for benchmarks: same server, same body handling, no work. Only exists with
 * {@code MICRONAUT_ENVIRONMENTS=bench}, so production never exposes it.
 */
@Controller
@Requires(env = "bench")
@Hidden
final class NoopController {

    private static final byte[] RESPONSE = ("{\"user_id\":\"user1\",\"prediction_score\":0.5,\"model_version\":\"noop\"}")
            .getBytes(StandardCharsets.UTF_8);

    private final ExecutorService featureStoreExecutor;

    NoopController(@Named(FeatureLookups.EXECUTOR) ExecutorService featureStoreExecutor) {
        this.featureStoreExecutor = featureStoreExecutor;
    }

    @Post("/bench/noop")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> noop(@Body @Nullable byte[] body) {
        return HttpResponse.ok(RESPONSE);
    }

    /** The no-op plus the hop to the lookup executor and back: what a lookup pays besides JDBC. */
    @Post("/bench/hop")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<byte[]>> hop(@Body @Nullable byte[] body) {
        return CompletableFuture.supplyAsync(() -> HttpResponse.ok(RESPONSE), featureStoreExecutor);
    }
}
