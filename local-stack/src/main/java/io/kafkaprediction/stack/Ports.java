package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port choice and checks; everything binds the loopback address. */
public final class Ports {
    public static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** A port free right now (a process started next binds it; the gap is a few milliseconds). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** {@code port} itself, or a free one for 0. */
    static int resolve(int port) {
        return port == 0 ? free() : port;
    }

    /** Fails fast, naming the port and what changes it, when something else holds a fixed port. */
    static void requireFree(int port, String component, String variable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new IllegalStateException(component + " cannot bind " + HOST + ":" + port
                    + ": the port is in use. Stop whatever holds it, or choose another port with " + variable + "=<port>");
        }
    }

    static boolean accepting(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The fixed ports of a stack's config (0 means any free one) are free, PostgreSQL's aside: it may be a stale server of ours. */
    static void requireFixedPortsFree(StackConfig config) {
        Ports.requireFree(config.kafkaPort(), "Kafka", "STACK_KAFKA_PORT");
        Ports.requireFree(config.connectPort(), "Kafka Connect", "STACK_CONNECT_PORT");
        Ports.requireFree(config.restProxyPort(), "REST Proxy", "STACK_REST_PROXY_PORT");
        if (config.scoringJar().isPresent()) {
            Ports.requireFree(config.scoringPort(), "Scoring service", "STACK_SCORING_PORT");
        }
    }
}
