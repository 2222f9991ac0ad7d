package io.kafkaprediction.stack.connect;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/**
 * Whether a sink connector's consumer group has settled: Stable, with one member per running
 * task. RUNNING tasks are not enough: after an unclean stop (a worker killed) the group still holds
 * the dead worker's members until their session times out, and no partition is fetched meanwhile,
 * so the stack waits for this before it says READY.
 */
public final class SinkGroup implements AutoCloseable {
    private final Admin admin;
    private final String groupId;

    public SinkGroup(String bootstrapServers, String connector) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
        // Connect's default group of a sink connector's tasks.
        this.groupId = "connect-" + connector;
    }

    /** Null once the group is Stable with exactly {@code tasks} members; else why not. */
    public String notSettledReason(int tasks) {
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(groupId)).all().get(5, TimeUnit.SECONDS).get(groupId);
        } catch (ExecutionException | TimeoutException e) {
            return "cannot describe consumer group " + groupId + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int members = group.members().size();
        if (group.groupState() == GroupState.STABLE && members == tasks) {
            return null;
        }
        return "consumer group " + groupId + " is " + group.groupState() + " with " + members + " member(s) for "
                + tasks + " running task(s); members of a stopped worker leave when their session times out";
    }

    @Override
    public void close() {
        admin.close();
    }
}
