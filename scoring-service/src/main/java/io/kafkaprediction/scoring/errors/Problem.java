package io.kafkaprediction.scoring.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * RFC 9457 problem details, the error body of {@code /predict} and the other non-OIP endpoints.
 *
 * @param field     the request field at fault, when one is
 * @param requestId on 5xx answers: the id the service logged the cause under (also the X-Request-Id header)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(example = "about:blank", requiredMode = Schema.RequiredMode.REQUIRED) String type,
        @Schema(example = "Bad Request", requiredMode = Schema.RequiredMode.REQUIRED) String title,
        @Schema(example = "400", requiredMode = Schema.RequiredMode.REQUIRED) int status,
        @Schema(example = "features_for_prediction: expected 3 features [click, view, purchase], got 1",
                requiredMode = Schema.RequiredMode.REQUIRED) String detail,
        @Schema(example = "/predict") @Nullable String instance,
        @Schema(example = "features_for_prediction") @Nullable String field,
        @JsonProperty("request_id") @Schema(description = "On 5xx answers: the id the service logged the cause under "
                + "(also the X-Request-Id header)", example = "5f0c2a9e1b7d4c3a") @Nullable String requestId) {
}
