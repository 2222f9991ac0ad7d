package io.kafkaprediction.stack;

/**
 * Decides, once, whether a start-up finished before a stop was asked for ({@code ./stack down} or
 * Ctrl-C while starting): then the stack never reports READY, and the start says it was abandoned.
 */
final class StartGate {
    static final String ABANDONED = "Start abandoned: the stack was asked to stop (./stack down or Ctrl-C) during start-up;"
            + " it did not become ready.";

    private boolean started;
    private boolean stopping;

    /** Called by the starting thread after start(); false when a stop came first. */
    synchronized boolean started() {
        if (!stopping) {
            started = true;
        }
        return started;
    }

    /**
     * Called by the shutdown hook; returns true if the start had finished (a normal stop). Otherwise
     * makes the start give up at its next wait instead of finishing ({@link StartAbandon}).
     */
    synchronized boolean stop() {
        stopping = true;
        if (!started) {
            StartAbandon.request();
        }
        return started;
    }

    synchronized boolean stopping() {
        return stopping;
    }
}
