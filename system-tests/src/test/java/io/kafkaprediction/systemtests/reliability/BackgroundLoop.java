package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;

/**
 * A test helper that works on its own daemon thread while the test injects a fault: {@link #start()}
 * runs {@link #loop()}, which checks {@link #stopped()}; {@link #stop(Duration, boolean)} asks it
 * to end and waits for it.
 */
abstract class BackgroundLoop<T extends BackgroundLoop<T>> implements AutoCloseable {

    private final Thread thread;
    private volatile boolean stopped;

    BackgroundLoop(String threadName) {
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    @SuppressWarnings("unchecked")
    final T start() {
        thread.start();
        return (T) this;
    }

    abstract void loop();

    final boolean stopped() {
        return stopped;
    }

    /** {@code interrupt} wakes a loop that sleeps between rounds; one that must finish its round is not interrupted. */
    final void stop(Duration wait, boolean interrupt) {
        stopped = true;
        if (interrupt) {
            thread.interrupt();
        }
        try {
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
