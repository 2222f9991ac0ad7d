package io.kafkaprediction.stack.connect;

import org.apache.kafka.connect.cli.ConnectDistributed;

import io.kafkaprediction.stack.ChildMain;

/**
 * Entry point of a Connect worker JVM started by the stack: Kafka's own distributed worker, which
 * exits (running Connect's shutdown hook) when the parent is gone ({@link ChildMain}).
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        ChildMain.exitWhenParentGone();
        ConnectDistributed.main(args);
    }
}
