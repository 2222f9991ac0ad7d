package io.kafkaprediction.scoring.errors;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces Micronaut's default error bodies (unknown route, 405, 413, 415, unreadable body),
 * so framework errors take the same shape as ours.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Object> {

    /** Micronaut's defaults ({@code micronaut.server.netty.max-initial-line-length}, {@code max-header-size}). */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADERS = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorResponseProcessor.class);

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
        if (response.code() >= 500) {
            // An exception's message may carry SQL or internals: the log keeps it, under the request id.
            String id = ErrorResponses.requestId(context.getRequest());
            LOG.error("{} request_id={} {} {}: {}", response.code(), id, context.getRequest().getMethod(),
                    context.getRequest().getPath(), detail, context.getRootCause().orElse(null));
            detail = "internal error; the service logged it under request_id " + id;
        }
        // Micronaut answers every over-long request head with 413; the precise codes tell the client what to shorten.
        if (response.code() == HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode()
                && context.getRequest() instanceof NettyHttpRequest<?> netty) {
            Throwable cause = netty.getNativeRequest().decoderResult().cause();
            if (cause instanceof TooLongHttpLineException) {
                response.status(HttpStatus.REQUEST_URI_TOO_LONG);
                detail = "the request line (method, URL and version) is over the server's limit of "
                        + MAX_INITIAL_LINE + " bytes; send long input in the body";
            } else if (cause instanceof TooLongHttpHeaderException) {
                response.status(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
                detail = "the request headers are over the server's limit of " + MAX_HEADERS + " bytes in all";
            }
        }
        return (MutableHttpResponse<Object>) responses.fill(context.getRequest(), response, detail, null);
    }
}
