package io.kafkaprediction.systemtests.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Feature lookups ({@code POST /predict} with a {@code user_id} only, so each one reads PostgreSQL)
 * sent at a fixed pace from its own thread, each without waiting for the one before: a lookup that
 * hangs does not hold the next back. Every lookup is kept with the moment it was sent and how it
 * ended: its HTTP status, or {@link #NO_ANSWER} when none came within {@link #ANSWER_TIMEOUT}.
 */
final class LookupProbe extends BackgroundLoop<LookupProbe> {
    static final int NO_ANSWER = 0;
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** One lookup: sent at {@code sentNanos} (System.nanoTime), ended with {@code status} after {@code millis}. */
    record Lookup(long sentNanos, int status, double millis) {
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(ANSWER_TIMEOUT)
            .build();
    private final URI predict;
    private final List<CompletableFuture<Lookup>> lookups = new ArrayList<>();

    LookupProbe(String scoringUrl) {
        super("lookup-probe");
        this.predict = URI.create(scoringUrl + "/predict");
    }

    @Override
    void loop() {
        long next = System.nanoTime();
        int i = 0;
        while (!stopped()) {
            String body = "{\"user_id\":\"" + FeatureEvents.userId(i++) + "\"}";
            HttpRequest request = HttpRequest.newBuilder(predict)
                    .timeout(ANSWER_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sent = System.nanoTime();
            // A timeout, a refused or a reset connection alike: the service answered nothing.
            CompletableFuture<Lookup> lookup = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> new Lookup(sent, response != null ? response.statusCode() : NO_ANSWER,
                            (System.nanoTime() - sent) / 1e6))
                    .completeOnTimeout(new Lookup(sent, NO_ANSWER, Double.NaN), ANSWER_TIMEOUT.toMillis() + 5_000,
                            TimeUnit.MILLISECONDS);
            synchronized (lookups) {
                lookups.add(lookup);
            }
            next += INTERVAL_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops sending, waits for the lookups under way to end, and returns every lookup in the order sent. */
    List<Lookup> finish() {
        stop(Duration.ofSeconds(2), true);
        List<CompletableFuture<Lookup>> all;
        synchronized (lookups) {
            all = List.copyOf(lookups);
        }
        List<Lookup> done = new ArrayList<>(all.size());
        for (CompletableFuture<Lookup> lookup : all) {
            done.add(lookup.join());
        }
        return done;
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(2), true);
    }
}
