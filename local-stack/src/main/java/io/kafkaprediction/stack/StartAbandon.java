package io.kafkaprediction.stack;

/**
 * A stop asked for while the stack starts ({@code ./stack down}, Ctrl-C): every wait of the start
 * checks it and gives up, so the start ends at its next wait. A flag, not a thread interrupt: an
 * interrupt inside Kafka's own start-up is a fatal fault that halts the JVM before anything is stopped.
 */
public final class StartAbandon {
    private static volatile boolean requested;

    private StartAbandon() {
    }

    static void request() {
        requested = true;
    }

    /** @throws IllegalStateException when a stop was asked for */
    public static void check() {
        if (requested) {
            throw new IllegalStateException("start-up abandoned: the stack was asked to stop");
        }
    }
}
