package io.kafkaprediction.scoring.errors;

import io.kafkaprediction.scoring.features.FeatureStoreUnavailableException;
import io.kafkaprediction.scoring.features.UnknownUserException;
import io.kafkaprediction.scoring.registry.ModelNotLoadedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.compression.DecompressionException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps each domain exception to its status once; the bodies come from {@link ErrorResponses}. */
final class DomainExceptionHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DomainExceptionHandlers.class);

    private DomainExceptionHandlers() {
    }

    @Singleton
    static final class InvalidRequest implements ExceptionHandler<InvalidRequestException, HttpResponse<?>> {
        private final ErrorResponses responses;

        InvalidRequest(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, InvalidRequestException e) {
            return responses.error(request, HttpStatus.BAD_REQUEST, e.getMessage(), e.field());
        }
    }

    /** A body that does not decode as its Content-Encoding says (Micronaut alone answers 500). */
    @Singleton
    static final class Undecodable implements ExceptionHandler<DecompressionException, HttpResponse<?>> {
        private final ErrorResponses responses;

        Undecodable(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, DecompressionException e) {
            return responses.error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "the body cannot be decoded as its Content-Encoding declares: " + e.getMessage(), null);
        }
    }

    @Singleton
    static final class UnknownUser implements ExceptionHandler<UnknownUserException, HttpResponse<?>> {
        private final ErrorResponses responses;

        UnknownUser(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, UnknownUserException e) {
            return responses.error(request, HttpStatus.NOT_FOUND, e.getMessage(), "user_id");
        }
    }

    @Singleton
    static final class NotFound implements ExceptionHandler<ResourceNotFoundException, HttpResponse<?>> {
        private final ErrorResponses responses;

        NotFound(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ResourceNotFoundException e) {
            return responses.error(request, HttpStatus.NOT_FOUND, e.getMessage(), null);
        }
    }

    @Singleton
    static final class ModelNotLoaded implements ExceptionHandler<ModelNotLoadedException, HttpResponse<?>> {
        private final ErrorResponses responses;

        ModelNotLoaded(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ModelNotLoadedException e) {
            return responses.error(request, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
        }
    }

    @Singleton
    static final class StoreUnavailable implements ExceptionHandler<FeatureStoreUnavailableException, HttpResponse<?>> {
        private final ErrorResponses responses;

        StoreUnavailable(ErrorResponses responses) {
            this.responses = responses;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, FeatureStoreUnavailableException e) {
            if (e.getCause() != null) {
                LOG.warn("Feature lookup failed: {}", e.getMessage());
            }
            return responses.error(request, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
        }
    }
}
