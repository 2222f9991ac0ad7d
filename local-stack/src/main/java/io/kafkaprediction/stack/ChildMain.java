package io.kafkaprediction.stack;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * What the entry point of every child JVM the stack starts (Connect worker, broker, REST Proxy)
 * does around its own work: exit when the parent is gone, and stop cleanly on SIGTERM.
 */
public final class ChildMain {
    private ChildMain() {
    }

    /**
     * Exits (running the shutdown hooks) when the parent's pipe on stdin closes, so a killed stack
     * never leaves an orphan child behind. The parent never writes to it.
     */
    public static void exitWhenParentGone() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; EOF means it is gone
                }
            } catch (IOException ignored) {
                // a broken pipe means the same
            }
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs {@code stop} on SIGTERM (or {@link System#exit}); the latch opens once it has: the main
     * thread awaits it to keep the JVM up until then.
     */
    public static CountDownLatch stopOnShutdown(Runnable stop, String name) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, name + "-shutdown"));
        return stopped;
    }
}
