package io.kafkaprediction.scoring.errors;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;

/**
 * Replaces Micronaut's default error bodies (unknown route, 405, 413, 415, unreadable body),
 * so framework errors take the same shape as ours.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    private final ErrorResponses responses;

    ProblemErrorResponseProcessor(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<Object> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        String detail = context.getErrors().stream()
                .map(io.micronaut.http.server.exceptions.response.Error::getMessage)
                .collect(Collectors.joining("; "));
        if (detail.isBlank()) {
            detail = response.reason();
        }
        return (MutableHttpResponse<Object>) responses.fill(context.getRequest(), response, detail, null);
    }
}
