package io.kafkaprediction.scoring.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;

/** A body that does not decode as its Content-Encoding says (Micronaut alone answers 500). */
@Singleton
final class UndecodableBodyHandler implements ExceptionHandler<DecompressionException, HttpResponse<?>> {

    private final ErrorResponses responses;

    UndecodableBodyHandler(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, DecompressionException e) {
        return responses.error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "the body cannot be decoded as its Content-Encoding declares: " + e.getMessage(), null);
    }
}
