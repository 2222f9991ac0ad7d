package io.kafkaprediction.scoring.errors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.context.BeanProvider;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteInfo;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one place that shapes error bodies: endpoints of a controller marked {@link OipErrorBodies}
 * answer {@code {"error": "..."}}, everything else {@code application/problem+json}. When the
 * request matched no route (405, 415), the endpoint is the one serving that path with another
 * method or content type; a path no endpoint serves answers a problem. Bodies are written here,
 * so the content type never depends on which codec claims {@code +json} types.
 */
@Singleton
public final class ErrorResponses {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final MediaType PROBLEM_JSON_TYPE = MediaType.of(PROBLEM_JSON);
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final String REQUEST_ID_ATTRIBUTE = "scoring.request-id";
    // A client's own id is kept (to correlate across services) when it is short and plain.
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private final JsonMapper json;
    // Lazy: the router is built from every controller, and controllers depend on this class.
    private final BeanProvider<Router> router;

    public ErrorResponses(JsonMapper json, BeanProvider<Router> router) {
        this.json = json;
        this.router = router;
    }

    public MutableHttpResponse<?> error(HttpRequest<?> request, HttpStatus status, String detail, @Nullable String field) {
        return fill(request, HttpResponse.status(status), detail, field);
    }

    /** Writes the body into a response whose status is already set. */
    public MutableHttpResponse<?> fill(HttpRequest<?> request, MutableHttpResponse<?> response, String detail,
                                       @Nullable String field) {
        if (request.getMethod() == io.micronaut.http.HttpMethod.HEAD) {
            return response;
        }
        String path = request.getPath();
        int code = response.code();
        // Set when the failure was logged (see requestId): the client gets the id, never the cause.
        String requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE, String.class).orElse(null);
        if (requestId != null) {
            response.header(REQUEST_ID_HEADER, requestId);
        }
        if (code == HttpStatus.SERVICE_UNAVAILABLE.getCode()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        try {
            if (oipEndpoint(request)) {
                String message = field == null || detail.startsWith(field) ? detail : field + ": " + detail;
                if (requestId != null) {
                    message += " (request_id " + requestId + ")";
                }
                return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                        .body(json.writeValueAsBytes(new OipError(message)));
            }
            Problem problem = new Problem("about:blank", reason(response), code, detail, path, field, requestId);
            return response.contentType(PROBLEM_JSON_TYPE).body(json.writeValueAsBytes(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The id a logged failure and its answer share (the body's {@code request_id}, the X-Request-Id
     * header): the client's X-Request-Id when plain, else a fresh one. Call it to log; the answer
     * then carries it.
     */
    public static String requestId(HttpRequest<?> request) {
        Optional<String> known = request.getAttribute(REQUEST_ID_ATTRIBUTE, String.class);
        if (known.isPresent()) {
            return known.get();
        }
        String sent = request.getHeaders().get(REQUEST_ID_HEADER);
        String id = sent != null && CLIENT_ID.matcher(sent).matches() ? sent
                : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        request.setAttribute(REQUEST_ID_ATTRIBUTE, id);
        return id;
    }

    private boolean oipEndpoint(HttpRequest<?> request) {
        Optional<Class<?>> controller = RouteAttributes.getRouteInfo(request).map(RouteInfo::getDeclaringType);
        if (controller.isEmpty()) {
            List<UriRouteMatch<Object, Object>> sameUri = router.get().findAny(request);
            controller = sameUri.stream().findFirst().map(m -> m.getRouteInfo().getDeclaringType());
        }
        return controller.map(c -> c.isAnnotationPresent(OipErrorBodies.class)).orElse(false);
    }

    private static String reason(MutableHttpResponse<?> response) {
        try {
            return HttpStatus.valueOf(response.code()).getReason();
        } catch (IllegalArgumentException e) {
            return response.reason();
        }
    }
}
