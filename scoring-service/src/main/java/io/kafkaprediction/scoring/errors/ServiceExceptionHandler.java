package io.kafkaprediction.scoring.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every {@link ServiceException} to its status once; the bodies come from {@link ErrorResponses}. */
@Singleton
final class ServiceExceptionHandler implements ExceptionHandler<ServiceException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceExceptionHandler.class);

    private final ErrorResponses responses;

    ServiceExceptionHandler(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ServiceException e) {
        HttpStatus status = switch (e.kind()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            // A dependency failed (e.g. PostgreSQL): worth a line in the log, unlike bad input. The
            // cause (SQL text, driver messages) stays here; the body shows the id to find it by.
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                LOG.error("{} request_id={} {}: {}", status.getCode(), ErrorResponses.requestId(request),
                        request.getPath(), e.getMessage(), cause);
            } else {
                LOG.warn("{} request_id={} {}: {}{}", status.getCode(), ErrorResponses.requestId(request),
                        request.getPath(), e.getMessage(), cause == null ? "" : "; cause: " + cause);
            }
        }
        return responses.error(request, status, e.getMessage(), e.field());
    }
}
