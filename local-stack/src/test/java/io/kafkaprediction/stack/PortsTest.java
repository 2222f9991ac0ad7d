package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void busyPortFailsNamingThePortAndTheVariableThatChangesIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> Ports.requireFree(port, "Kafka", "STACK_KAFKA_PORT"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Kafka cannot bind 127.0.0.1:" + port + ": the port is in use. Stop whatever holds it, "
                            + "or choose another port with STACK_KAFKA_PORT=<port>");
        }
    }

    @Test
    void freePortPassesTheCheck() {
        int port = Ports.free();

        Ports.requireFree(port, "Kafka", "STACK_KAFKA_PORT");
        assertThat(Ports.accepting(Ports.HOST, port)).isFalse();
    }

    @Test
    void portZeroResolvesToAFreePort() {
        assertThat(Ports.resolve(0)).isBetween(1, 65535);
        assertThat(Ports.resolve(5432)).isEqualTo(5432);
    }
}
