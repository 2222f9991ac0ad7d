package io.kafkaprediction.stack.reliability;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.kafkaprediction.stack.LocalStack;

/**
 * One stack for every reliability test class in the JVM (start-up costs half a minute on a busy
 * 2-core machine): injected as a {@link LocalStack} parameter, closed when the run ends. Each test
 * heals the fault it injects, and each works on its own range of events, so the classes do not
 * disturb each other.
 */
final class SharedStack implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> new Running(), Running.class);
        if (running.failure != null) {
            throw new IllegalStateException("the shared reliability stack did not start (once per run, not retried): "
                    + running.failure, running.failure);
        }
        return running.stack;
    }

    /** The stack (it restarts failed sink tasks itself, see {@code StackConfig.restartFailedTasks}), closed by JUnit at the end. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {
        final LocalStack stack;
        final Throwable failure;

        Running() {
            LocalStack started = null;
            Throwable failed = null;
            try {
                started = ReliabilityStack.start("shared");
            } catch (RuntimeException | Error e) {
                failed = e;
            }
            stack = started;
            failure = failed;
        }

        @Override
        public void close() {
            if (stack == null) {
                return;
            }
            System.out.println("RELIABILITY | failed-task restarts requested during the run: " + stack.failedTaskRestarts());
            ReliabilityStack.stop(stack);
        }
    }
}
