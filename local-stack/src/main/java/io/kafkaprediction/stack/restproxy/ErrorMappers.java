package io.kafkaprediction.stack.restproxy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Every error leaves in Confluent's shape: {@code {"error_code":..., "message":...}}. */
final class ErrorMappers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

    private ErrorMappers() {
    }

    static Response body(int status, int errorCode, String message) {
        return Response.status(status).type(ProduceRequests.RESPONSE_V2).entity(bytes(errorCode, message)).build();
    }

    static byte[] bytes(int errorCode, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("message", message);
        return ProduceRequests.json(body);
    }

    static final class RestProxyErrors implements ExceptionMapper<RestProxyException> {
        @Override
        public Response toResponse(RestProxyException e) {
            return body(e.status(), e.errorCode(), e.getMessage());
        }
    }

    /** Jersey's own (unknown path 404, wrong method 405, ...): the status doubles as error code, as in Confluent's rest-utils. */
    static final class WebErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return body(status, status, e.getMessage());
        }
    }

    static final class UnexpectedErrors implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.error("REST Proxy request failed", e);
            return body(500, RestProxyException.KAFKA_ERROR, "Internal server error: " + e.getMessage());
        }
    }
}
