package io.kafkaprediction.scoring.errors;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one place that shapes error bodies: OIP paths ({@code /v2}) answer {@code {"error": "..."}},
 * everything else {@code application/problem+json}. Bodies are written here, so the content type
 * never depends on which codec claims {@code +json} types.
 */
@Singleton
public final class ErrorResponses {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final MediaType PROBLEM_JSON_TYPE = MediaType.of(PROBLEM_JSON);
    static final String OIP_PREFIX = "/v2";

    private final JsonMapper json;

    public ErrorResponses(JsonMapper json) {
        this.json = json;
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
        try {
            if (isOip(path)) {
                String message = field == null || detail.startsWith(field) ? detail : field + ": " + detail;
                return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                        .body(json.writeValueAsBytes(new OipError(message)));
            }
            int code = response.code();
            Problem problem = new Problem("about:blank", reason(response), code, detail, path, field);
            return response.contentType(PROBLEM_JSON_TYPE).body(json.writeValueAsBytes(problem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isOip(String path) {
        return path.equals(OIP_PREFIX) || path.startsWith(OIP_PREFIX + "/");
    }

    private static String reason(MutableHttpResponse<?> response) {
        try {
            return HttpStatus.valueOf(response.code()).getReason();
        } catch (IllegalArgumentException e) {
            return response.reason();
        }
    }
}
