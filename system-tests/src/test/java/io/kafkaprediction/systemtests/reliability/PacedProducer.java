package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.kafkaprediction.stack.StackNames;

/**
 * Sends a range of {@link FeatureEvents} to {@code raw_data_events} at a steady rate
 * from its own thread, keyed by user_id, and counts what the broker acknowledged. Idempotent
 * producer with long delivery timeouts, so a broker restart delays events but loses none.
 */
final class PacedProducer extends BackgroundLoop<PacedProducer> {
    private final KafkaProducer<String, byte[]> producer;
    private final int from;
    private final int count;
    private final int perSecond;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);

    /** Sends events {@code from} .. {@code from + count - 1}. */
    PacedProducer(String bootstrapServers, int from, int count, int perSecond) {
        super("paced-producer");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "300000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "300000");
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.from = from;
        this.count = count;
        this.perSecond = perSecond;
    }

    @Override
    void loop() {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count && !stopped(); i++) {
                if (i % 100 == 0) {
                    long due = start + TimeUnit.SECONDS.toNanos(1) * i / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                producer.send(new ProducerRecord<>(StackNames.EVENTS_TOPIC, FeatureEvents.userId(from + i),
                        FeatureEvents.bytes(from + i)),
                        (metadata, error) -> {
                            if (error == null) {
                                acknowledged.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                firstFailure.compareAndSet(null, error);
                            }
                        });
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, e);
        } finally {
            done.countDown();
        }
    }

    /** Blocks until the producer has sent {@code events} events (or finished). */
    void awaitSent(int events, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sent.get() < events && done.getCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("producer sent only " + sent.get() + " of " + events + " events within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Blocks until every event is sent and acknowledged or failed. */
    void awaitDone(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("producer did not finish within " + timeout + ": sent " + sent.get()
                    + ", acknowledged " + acknowledged.get());
        }
    }

    int sent() {
        return sent.get();
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int failed() {
        return failed.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10), false);
        producer.close(Duration.ofSeconds(5));
    }
}
