package io.kafkaprediction.stack.restproxy;

import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Reads what is left of a request body before the answer goes out. An error answered before the
 * body was read (unknown path, 415, 404) otherwise leaves bytes on the connection, and Jetty then
 * closes it after a committed response, without {@code Connection: close}: a keep-alive client's
 * next request gets no answer. A body too large to drain gets {@code Connection: close} instead.
 */
final class DrainRequestBody implements ContainerResponseFilter {
    private final long maxDrainBytes;

    DrainRequestBody(long maxDrainBytes) {
        this.maxDrainBytes = maxDrainBytes;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        InputStream body = request.getEntityStream();
        if (body == null) {
            return;
        }
        try {
            long skipped = 0;
            byte[] buffer = new byte[8192];
            int n;
            while (skipped <= maxDrainBytes && (n = body.read(buffer)) >= 0) {
                skipped += n;
            }
            if (skipped > maxDrainBytes) {
                response.getHeaders().putSingle("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }
}
