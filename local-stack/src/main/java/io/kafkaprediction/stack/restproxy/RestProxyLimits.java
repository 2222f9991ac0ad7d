package io.kafkaprediction.stack.restproxy;

import java.time.Duration;

/**
 * What one client, or many, may make the REST Proxy API hold. Its memory is about
 * {@code bufferedBytesBudget} times a small factor (the body, Jersey's copy, the parsed JSON)
 * whatever the clients send; connections beyond {@code maxConnections} wait in the accept queue.
 *
 * @param maxBodyBytes    largest request body; more answers 413 (a declared length before reading, a chunked body at the byte that passes it)
 * @param bodyTimeout     a body must arrive within this, else 408 (a sender of one byte a second holds no thread, but not for ever either)
 * @param bufferedBytesBudget bytes of bodies held at once, all requests together; past it 503 with Retry-After
 * @param maxConnections  open connections at once
 * @param idleTimeout     a connection with nothing arriving for this long is closed
 */
public record RestProxyLimits(int maxBodyBytes, Duration bodyTimeout, long bufferedBytesBudget, int maxConnections,
                              Duration idleTimeout) {
    /** Larger than any record the broker accepts by default (1 MB), so Kafka, not the proxy, decides. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    public RestProxyLimits {
        if (maxBodyBytes < 1 || bufferedBytesBudget < maxBodyBytes || maxConnections < 1) {
            throw new IllegalArgumentException("REST Proxy limits need maxBodyBytes >= 1, bufferedBytesBudget >= maxBodyBytes"
                    + " and maxConnections >= 1, got " + maxBodyBytes + ", " + bufferedBytesBudget + ", " + maxConnections);
        }
    }

    /** The stack's: 8 MB bodies, 30 s to send one, 32 MB of bodies at once, 512 connections, 30 s idle. */
    public static RestProxyLimits defaults() {
        return withMaxBody(DEFAULT_MAX_BODY_BYTES);
    }

    /** The defaults with another body limit (the budget holds at least four such bodies). */
    public static RestProxyLimits withMaxBody(int maxBodyBytes) {
        return new RestProxyLimits(maxBodyBytes, Duration.ofSeconds(30), Math.max(32L * 1024 * 1024, 4L * maxBodyBytes),
                512, Duration.ofSeconds(30));
    }

    public RestProxyLimits withBodyTimeout(Duration timeout) {
        return new RestProxyLimits(maxBodyBytes, timeout, bufferedBytesBudget, maxConnections, idleTimeout);
    }

    public RestProxyLimits withBufferedBytesBudget(long budget) {
        return new RestProxyLimits(maxBodyBytes, bodyTimeout, budget, maxConnections, idleTimeout);
    }
}
