package io.kafkaprediction.stack.logging;

import java.util.ArrayList;
import java.util.List;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.rewrite.RewritePolicy;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;

/**
 * Turns Connect's report of a dead letter ({@code LogReporter}: ERROR with a 20-odd line stack
 * trace per bad record) into one WARN line that ends with the reason. A bad event is expected
 * input with {@code errors.tolerance=all}, not a fault of the worker; the full trace travels with
 * the record in the dead-letter topic's {@code __connect.errors.*} headers ({@code ./stack dlq}).
 */
@Plugin(name = "DeadLetterLog", category = Core.CATEGORY_NAME, elementType = "rewritePolicy", printObject = true)
public final class DeadLetterLogPolicy implements RewritePolicy {

    private static final int MAX_CAUSES = 5;

    @PluginFactory
    public static DeadLetterLogPolicy create() {
        return new DeadLetterLogPolicy();
    }

    @Override
    public LogEvent rewrite(LogEvent event) {
        Throwable thrown = event.getThrown();
        if (thrown == null) {
            return event;
        }
        String message = event.getMessage().getFormattedMessage();
        return new Log4jLogEvent.Builder(event)
                .setLevel(event.getLevel().isMoreSpecificThan(Level.WARN) ? Level.WARN : event.getLevel())
                .setMessage(new SimpleMessage(message + " Reason: " + reason(thrown)))
                .setThrown(null)
                .setThrownProxy(null)
                .build();
    }

    /** The messages of the cause chain, first lines only, without repeats: "A: B: C". */
    static String reason(Throwable thrown) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = thrown; t != null && parts.size() < MAX_CAUSES; t = t.getCause() == t ? null : t.getCause()) {
            String line = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            // A wrapper's message is often its cause's toString(): drop the class name to see the repeat.
            String text = line.strip().replaceFirst("^([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ", "").replaceFirst(":$", "").strip();
            if (!text.isEmpty() && parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(text);
            }
        }
        return String.join(": ", parts);
    }
}
