package io.kafkaprediction.scoring.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP/1.1 load at a constant rate (what wrk2 does; Debian only has wrk).
 *
 * <p>Each connection sends on its own fixed schedule; latency is measured from the intended send
 * time, so a stalled server is charged for the requests it delayed (no coordinated omission);
 * the time from the actual send is printed too, since parking oversleeps by tens of microseconds.
 * Plain sockets keep the client's own CPU cost to a minimum on a shared 2-core box.
 *
 * <p>Bodies vary: in the body template, each {@code %USER%} becomes a random number in [1, USERS]
 * and each {@code %X%} a random value in [0, 1) (4 096 bodies per connection, prebuilt, so the
 * client spends no time on them). Any answer but 2xx, or a failed connection, is counted and
 * makes the exit status 1: a benchmark that got errors has no figures to report.
 *
 * <p>The first {@code WARMUP_SECONDS} (default 2) run on the same schedule but are not reported:
 * without them the p99 of a 10 s run at 10 k req/s mostly measured this client's own JIT
 * compilation on a 2-core box, for the no-op endpoint as much as for {@code /predict} (wrk2 has
 * the same calibration period, for the same reason).
 *
 * <pre>java -cp target/test-classes io.kafkaprediction.scoring.benchmarks.ConstantRateLoad \
 *     http://127.0.0.1:8000/predict '{"user_id":"user%USER%","features_for_prediction":[%X%,%X%,%X%]}' \
 *     RATE SECONDS [CONNECTIONS [USERS [WARMUP_SECONDS]]]</pre>
 */
public final class ConstantRateLoad {

    private ConstantRateLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ConstantRateLoad URL BODY RATE_PER_SECOND SECONDS [CONNECTIONS [USERS [WARMUP_SECONDS]]]");
            System.exit(2);
        }
        java.net.URI url = java.net.URI.create(args[0]);
        String template = args[1];
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int users = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        double warmupSeconds = args.length > 6 ? Double.parseDouble(args[6]) : 2;
        String head = "POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: ";
        long perConnection = (long) Math.ceil(rate * seconds / connections);
        long warmupPerConnection = (long) Math.ceil(rate * warmupSeconds / connections);
        long intervalNanos = (long) (1e9 * connections / rate);
        long[][][] latencies = new long[connections][][];
        AtomicLong errors = new AtomicLong();
        Thread[] threads = new Thread[connections];
        long warmupStart = System.nanoTime() + 200_000_000L;
        long start = warmupStart + warmupPerConnection * intervalNanos;
        for (int c = 0; c < connections; c++) {
            int index = c;
            long offset = intervalNanos * c / connections;
            byte[][] requests = requests(head, template, users, new SplittableRandom(42 + c));
            threads[c] = new Thread(() -> latencies[index] = run(url, requests, warmupStart + offset, intervalNanos,
                    warmupPerConnection, perConnection, errors), "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(l -> Arrays.stream(l[0])).sorted().toArray();
        long[] service = Arrays.stream(latencies).flatMapToLong(l -> Arrays.stream(l[1])).sorted().toArray();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("target %.0f req/s, sent %d in %.1f s (%.0f req/s) after a %.0f s warm-up at that rate, errors %d%n",
                rate, all.length, elapsed, all.length / elapsed, warmupSeconds, errors.get());
        print("from intended send", all);
        print("from actual send", service);
        if (errors.get() > 0) {
            System.out.println("FAILED: " + errors.get() + " requests answered non-2xx or failed");
            System.exit(1);
        }
    }

    private static byte[][] requests(String head, String template, int users, SplittableRandom random) {
        byte[][] requests = new byte[4096][];
        for (int i = 0; i < requests.length; i++) {
            StringBuilder body = new StringBuilder(template.length() + 64);
            int from = 0;
            int at;
            while ((at = template.indexOf('%', from)) >= 0) {
                body.append(template, from, at);
                if (template.startsWith("%USER%", at)) {
                    body.append(1 + random.nextInt(users));
                    from = at + 6;
                } else if (template.startsWith("%X%", at)) {
                    body.append(random.nextInt(1000) / 1000.0);
                    from = at + 3;
                } else {
                    body.append('%');
                    from = at + 1;
                }
            }
            body.append(template, from, template.length());
            byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
            byte[] header = (head + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            requests[i] = Arrays.copyOf(header, header.length + bytes.length);
            System.arraycopy(bytes, 0, requests[i], header.length, bytes.length);
        }
        return requests;
    }

    /** @return latencies from the intended send time, and from the actual send time, of the requests after the warm-up */
    private static long[][] run(java.net.URI url, byte[][] requests, long start, long interval, long warmup, long count,
                              AtomicLong errors) {
        long[] latencies = new long[(int) count];
        long[] serviceTimes = new long[(int) count];
        int done = 0;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16_384);
            for (long i = 0; i < warmup + count; i++) {
                long intended = start + i * interval;
                long wait;
                // Park, never spin: spinning clients would take the cores the server needs on a small box.
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long sent = System.nanoTime();
                out.write(requests[(int) (i % requests.length)]);
                out.flush();
                int status = readResponse(in);
                if (status < 200 || status > 299) {
                    errors.incrementAndGet();
                }
                long now = System.nanoTime();
                if (i >= warmup) {
                    latencies[done] = now - intended;
                    serviceTimes[done++] = now - sent;
                }
            }
        } catch (IOException e) {
            errors.incrementAndGet();
            System.err.println("connection failed: " + e);
        }
        return new long[][] {Arrays.copyOf(latencies, done), Arrays.copyOf(serviceTimes, done)};
    }

    /** Reads one response with a Content-Length body; returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int status = -1;
        int length = 0;
        while (true) {
            line.setLength(0);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String header = line.toString();
            if (status < 0) {
                status = Integer.parseInt(header.substring(9, 12));
            } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return status;
    }

    private static void print(String label, long[] sorted) {
        if (sorted.length == 0) {
            System.out.println(label + ": no responses");
            return;
        }
        System.out.printf("latency ms %-18s p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f%n", label,
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
