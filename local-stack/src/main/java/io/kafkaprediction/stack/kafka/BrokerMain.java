package io.kafkaprediction.stack.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.kafkaprediction.stack.ChildMain;

/**
 * Entry point of a broker JVM started by the stack ({@link KafkaBroker#ownJvm}): the same KRaft node
 * as in-process, on the log folder and port given as arguments. SIGTERM runs a controlled shutdown
 * (a shutdown hook); a closed stdin (the parent is gone) too, so no orphan broker stays behind.
 */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain LOG_DIR PORT");
            System.exit(2);
        }
        KafkaBroker broker = new KafkaBroker(Path.of(args[0]), Integer.parseInt(args[1]), Map.of());
        CountDownLatch stopped = ChildMain.stopOnShutdown(broker::stop, "broker");
        ChildMain.exitWhenParentGone();
        broker.start(Duration.ofSeconds(120));
        System.out.println("BROKER READY on " + broker.bootstrapServers());
        stopped.await();
    }
}
