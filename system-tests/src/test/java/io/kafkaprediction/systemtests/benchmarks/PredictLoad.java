package io.kafkaprediction.systemtests.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * {@code POST /predict} by {@code user_id} against the real scoring service over HTTP/1.1 keep-alive
 * connections, two ways:
 * <ul>
 *   <li>closed loop: every connection sends its next request as soon as the answer is in, for a fixed
 *       time (the maximum throughput);</li>
 *   <li>constant rate: one schedule shared by the connections (request k is due at start + k/rate), latency
 *       from the intended send, so a stall counts for every request it delayed (as {@link LookupLoad}).</li>
 * </ul>
 * A non-2xx answer or a failed connection is recorded with its status and body; the benchmark fails on
 * any (a warm-up only reports them).
 *
 * <p>Plain sockets, as the scoring service's own {@code ConstantRateLoad} (its test tree, which this
 * benchmark's classpath does not have, and it draws users uniformly): the JDK's HttpClient costs the
 * client more CPU per request than the service spends on it, on a box of two cores.
 */
final class PredictLoad {
    /** Latencies in microseconds, sorted; errors: non-2xx answers and failed connections. */
    record Result(long[] micros, double rate, double seconds, long errors, String firstError) {
        double requestsPerSecond() {
            return micros.length / seconds;
        }

        double percentileMillis(double p) {
            return LookupLoad.percentileMillis(micros, p);
        }

        Result requireNoErrors(String what) {
            if (errors > 0) {
                throw new IllegalStateException(what + ": " + errors + " of " + (micros.length + errors)
                        + " requests failed or answered non-2xx, first: " + firstError);
            }
            return this;
        }
    }

    private PredictLoad() {
    }

    static Result closedLoop(URI predict, int connections, double seconds, Supplier<String> users) throws InterruptedException {
        long duration = (long) (seconds * 1e9);
        return run(predict, connections, Double.NaN, users, (k, start) -> {
            long now = System.nanoTime();
            return now < start + duration ? Math.max(now, start) : -1;
        });
    }

    static Result constantRate(URI predict, int connections, double rate, double seconds, Supplier<String> users)
            throws InterruptedException {
        long total = (long) (rate * seconds);
        return run(predict, connections, rate, users, (k, start) -> k < total ? start + (long) (k * 1e9 / rate) : -1);
    }

    /** When request k (of all connections) is due, or -1 when the run is over. */
    private interface Schedule {
        long intended(long k, long startNanos);
    }

    private static Result run(URI predict, int connections, double rate, Supplier<String> users, Schedule schedule)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] latencies = new long[connections][];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime() + 100_000_000L;
        for (int c = 0; c < connections; c++) {
            int index = c;
            Thread t = new Thread(() -> latencies[index] = connection(predict, start, next, schedule, users, errors, firstError),
                    "predict-load-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(l -> Arrays.stream(l)).sorted().toArray();
        return new Result(all, rate, elapsed, errors.get(), firstError.get());
    }

    /** One keep-alive connection taking the schedule's next request until it is over; returns its latencies. */
    private static long[] connection(URI predict, long start, AtomicLong next, Schedule schedule, Supplier<String> users,
                                     AtomicLong errors, AtomicReference<String> firstError) {
        long[] micros = new long[1024];
        int done = 0;
        String head = "POST " + predict.getRawPath() + " HTTP/1.1\r\nHost: " + predict.getHost() + ":" + predict.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ";
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(predict.getHost(), predict.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
            long k;
            long intended;
            while ((intended = schedule.intended(k = next.getAndIncrement(), start)) >= 0) {
                long wait;
                // Park, never spin: a spinning client would take the cores the service needs.
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String user;
                synchronized (users) {
                    user = users.get();
                }
                byte[] body = ("{\"user_id\":\"" + user + "\"}").getBytes(StandardCharsets.UTF_8);
                out.write((head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                String failure = readResponse(in);
                long now = System.nanoTime();
                if (failure != null) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, "request " + k + " for " + user + ": " + failure);
                    continue;
                }
                if (done == micros.length) {
                    micros = Arrays.copyOf(micros, micros.length * 2);
                }
                micros[done++] = (now - intended) / 1000;
            }
        } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, "connection to " + predict + " failed: " + e);
        }
        return Arrays.copyOf(micros, done);
    }

    /** Reads one response with a Content-Length body; null for a 2xx answer, else its status line and body. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        String status = null;
        int length = 0;
        while (true) {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed by the service");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String header = line.toString();
            if (status == null) {
                status = header;
            } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                throw new IOException("the service answered with " + header + ": only Content-Length bodies are read here");
            }
        }
        if (status == null || status.length() < 12 || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed in the middle of a body");
        }
        char kind = status.charAt(9);
        return kind == '2' ? null : status + " " + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
    }
}
