package io.kafkaprediction.stack.restproxy;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads each request body completely, without holding a thread, before Jersey sees the request.
 * Jersey reads bodies with blocking calls: a client sending one byte a second would hold a
 * server thread for as long as it likes, and a few dozen such clients would take them all. Here
 * the body arrives through Jetty's demand callbacks (no thread waits for the next byte), and the
 * limits apply while it arrives:
 * <ul>
 *   <li>a body over {@link RestProxyLimits#maxBodyBytes()} answers 413. Up to twice the limit it is
 *       read and thrown away first, so the client, still sending, reads its answer (closing on unread
 *       bytes resets the connection, and the answer with it) and the connection stays usable; past
 *       that, a declared {@code Content-Length} is refused before a byte of it is read, and a chunked
 *       body at the byte that passes twice the limit, with {@code Connection: close};</li>
 *   <li>the whole body must arrive within {@link RestProxyLimits#bodyTimeout()}, else 408;</li>
 *   <li>the bodies being read or processed together hold at most
 *       {@link RestProxyLimits#bufferedBytesBudget()} bytes, else 503 with {@code Retry-After}.</li>
 * </ul>
 * Each other refusal closes the connection, so the bytes the client still sends are never read.
 * Jetty's own {@code SizeLimitHandler} cuts a body too, but with blocking reads and an HTML error page.
 */
final class BufferedBody extends Handler.Wrapper {
    private final RestProxyLimits limits;
    private final AtomicLong bufferedBytes = new AtomicLong();

    BufferedBody(RestProxyLimits limits, Handler next) {
        super(next);
        this.limits = limits;
    }

    /** Bytes of bodies held right now (read, or in the hands of a request still running). */
    long bufferedBytes() {
        return bufferedBytes.get();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long declared = request.getLength();
        if (declared > discardLimit()) {
            refuse(response, callback, 413, RestProxyException.BODY_TOO_LARGE, tooLarge(), true);
            return true;
        }
        new Reading(request, response, callback, declared).start();
        return true;
    }

    /** Bytes of an oversize body read and thrown away before its 413. */
    private long discardLimit() {
        return 2L * limits.maxBodyBytes();
    }

    private String tooLarge() {
        return "Request body larger than " + limits.maxBodyBytes() + " bytes";
    }

    private static void refuse(Response response, Callback callback, int status, int errorCode, String message,
                               boolean close) {
        response.setStatus(status);
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProduceRequests.RESPONSE_V2);
        if (status == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        }
        response.write(true, ByteBuffer.wrap(ErrorMappers.bytes(errorCode, message)), callback);
    }

    /** One body on its way in; {@link #finished} makes the end (dispatch or refusal) happen once. */
    private final class Reading {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final AtomicBoolean finished = new AtomicBoolean();
        private byte[] body;
        private int length;
        private long discarded;
        private long reserved;
        private Scheduler.Task deadline;

        Reading(Request request, Response response, Callback callback, long declared) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.body = new byte[(int) Math.max(0, Math.min(declared, 8192))];
        }

        void start() {
            deadline = request.getComponents().getScheduler().schedule(this::timedOut,
                    limits.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            read();
        }

        private void timedOut() {
            refuseOnce(408, 408, "Request body not complete within " + limits.bodyTimeout().toMillis() + " ms", true);
        }

        /** Runs on a pool thread, one at a time: the first read, then each demand callback. */
        private void read() {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this::read);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    refuseOnce(400, 400,
                            "Request body cannot be read: " + chunk.getFailure().getMessage(), true);
                    return;
                }
                boolean accepted = append(chunk.getByteBuffer());
                boolean last = chunk.isLast();
                chunk.release();
                if (!accepted) {
                    return;
                }
                if (last) {
                    if (discarded > 0) {
                        refuseOnce(413, RestProxyException.BODY_TOO_LARGE, tooLarge(), false);
                    } else {
                        dispatch();
                    }
                    return;
                }
            }
        }

        private synchronized boolean append(ByteBuffer bytes) {
            int n = bytes.remaining();
            if (n == 0 || finished.get()) {
                return !finished.get();
            }
            if (discarded > 0 || (long) length + n > limits.maxBodyBytes()) {
                discarded += n;
                if (length + discarded > discardLimit()) {
                    refuseOnce(413, RestProxyException.BODY_TOO_LARGE, tooLarge(), true);
                    return false;
                }
                return true;
            }
            reserved += n;
            if (bufferedBytes.addAndGet(n) > limits.bufferedBytesBudget()) {
                refuseOnce(503, 503, "Too many request bodies in flight; retry later", true);
                return false;
            }
            if (length + n > body.length) {
                body = java.util.Arrays.copyOf(body, (int) Math.min(limits.maxBodyBytes(), Math.max(length + n, 2L * body.length)));
            }
            bytes.get(body, length, n);
            length += n;
            return true;
        }

        private void dispatch() {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            deadline.cancel();
            Request buffered = new Whole(request, ByteBuffer.wrap(body, 0, length));
            Callback release = releasing(callback);
            try {
                if (!BufferedBody.super.handle(buffered, response, release)) {
                    refuse(response, release, 404, 404, "HTTP 404 Not Found", false);
                }
            } catch (Throwable e) {
                release.failed(e);
            }
        }

        private void refuseOnce(int status, int errorCode, String message, boolean close) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (deadline != null) {
                deadline.cancel();
            }
            refuse(response, releasing(callback), status, errorCode, message, close);
        }

        /** The request's callback, giving the body's bytes back to the budget once the exchange is over. */
        private Callback releasing(Callback callback) {
            return Callback.from(() -> {
                release();
                callback.succeeded();
            }, failure -> {
                release();
                callback.failed(failure);
            });
        }

        private synchronized void release() {
            bufferedBytes.addAndGet(-reserved);
            reserved = 0;
        }
    }

    /** The request with its body already in memory: one last chunk, then EOF. */
    private static final class Whole extends Request.Wrapper {
        private ByteBuffer rest;

        Whole(Request wrapped, ByteBuffer body) {
            super(wrapped);
            this.rest = body;
        }

        @Override
        public synchronized Content.Chunk read() {
            if (rest == null) {
                return Content.Chunk.EOF;
            }
            Content.Chunk chunk = Content.Chunk.from(rest, true);
            rest = null;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public boolean consumeAvailable() {
            return true;
        }
    }
}
