package io.kafkaprediction.systemtests.reliability;

import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

import io.kafkaprediction.stack.LocalStack;
import io.kafkaprediction.systemtests.SystemStack;

/**
 * The Kafka broker (KRaft broker and controller, its own JVM here) SIGKILLed mid-stream, left
 * down for {@value #DOWN_MS} ms and started again on the same port and log folder, where it
 * recovers its unflushed segments. The producer's idempotent retries resend what was not
 * acknowledged; Connect's consumers resume from their committed offsets.
 */
@EnabledIfSystemProperty(named = "stack.reliability", matches = "true")
@ExtendWith(SystemStack.class)
class BrokerKillIT {
    static final long DOWN_MS = 5_000;

    @Test
    void everyEventLandsWithItsValueAfterTheBrokerIsKilledAndRestarted(LocalStack stack) throws Exception {
        double[] startSeconds = new double[1];
        FaultRun.Result result = FaultRun.run(stack, "Kafka broker SIGKILLed", "broker-sigkill", () -> {
            long pid = stack.kafka().pid();
            stack.kafka().kill();
            System.out.println("RELIABILITY | Kafka broker JVM " + pid + " SIGKILLed");
            Thread.sleep(DOWN_MS);
            long t0 = System.nanoTime();
            stack.kafka().start(Duration.ofSeconds(120));
            startSeconds[0] = (System.nanoTime() - t0) / 1e9;
        });
        System.out.println(String.format(Locale.ROOT, "RELIABILITY | broker start after SIGKILL (log recovery): %.1f s", startSeconds[0]));

        FaultRun.assertEveryEventLandedWithItsValue(result);
    }
}
