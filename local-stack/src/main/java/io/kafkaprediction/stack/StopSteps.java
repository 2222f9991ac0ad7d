package io.kafkaprediction.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the steps of a shutdown one after the other even when one fails (every component still gets
 * its stop), then throws the first failure with the others suppressed.
 */
final class StopSteps {
    private final List<RuntimeException> failures = new ArrayList<>();

    void run(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    void throwFirstFailure() {
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
