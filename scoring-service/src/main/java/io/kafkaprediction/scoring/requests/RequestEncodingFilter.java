package io.kafkaprediction.scoring.requests;

import io.kafkaprediction.scoring.errors.ErrorResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.netty.handler.codec.compression.Brotli;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses with 415 what the service would otherwise misread: a {@code Content-Encoding} the server
 * does not decode (the compressed bytes would be parsed as JSON) and a {@code charset} the JVM does
 * not know (the body would be read as UTF-8 regardless). Known charsets are honoured by
 * {@link JsonBodies}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestEncodingFilter {

    /** What Micronaut's server pipeline decompresses (PipeliningServerHandler); br only with Brotli present. */
    private static final Set<String> DECODED = Set.of("identity", "gzip", "x-gzip", "deflate", "x-deflate", "snappy");

    private final ErrorResponses responses;

    RequestEncodingFilter(ErrorResponses responses) {
        this.responses = responses;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> refuseUnreadableBodies(HttpRequest<?> request) {
        String encoding = request.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (encoding != null && !decoded(encoding.strip().toLowerCase(Locale.ROOT))) {
            return responses.error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding '" + encoding
                    + "' is not supported; send the body uncompressed or as one of gzip, deflate"
                    + (Brotli.isAvailable() ? ", br" : "") + ", snappy", null);
        }
        String charset = charsetParameter(request.getHeaders().get(HttpHeaders.CONTENT_TYPE));
        if (charset != null && !supported(charset)) {
            return responses.error(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "charset '" + charset
                    + "' in Content-Type is not supported; send UTF-8 (or leave charset out)", null);
        }
        return null;
    }

    private static boolean decoded(String encoding) {
        return DECODED.contains(encoding) || (encoding.equals("br") && Brotli.isAvailable());
    }

    /** The charset parameter of a Content-Type value, unquoted, or null. */
    static String charsetParameter(@Nullable String contentType) {
        if (contentType == null || contentType.indexOf(';') < 0) {
            return null; // no parameters (the usual application/json): nothing to split
        }
        for (String part : contentType.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String value = part.substring(eq + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static boolean supported(String charset) {
        try {
            return Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}
