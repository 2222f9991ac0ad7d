package io.kafkaprediction.stack;

import java.time.Duration;
import java.util.function.Supplier;

/** Bounded polling: every wait in the stack ends, with a message naming what did not come up. */
final class Waits {
    private Waits() {
    }

    /**
     * Polls {@code probe} until it returns null (done) or the timeout passes; a non-null result is
     * the current reason for waiting and ends up in the failure message.
     */
    static void until(String what, Duration timeout, Supplier<String> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String reason = "not checked yet";
        while (true) {
            try {
                reason = probe.get();
            } catch (RuntimeException e) {
                reason = e.toString();
            }
            if (reason == null) {
                return;
            }
            StartAbandon.check();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not come up within " + timeout.toSeconds() + " s: " + reason);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
