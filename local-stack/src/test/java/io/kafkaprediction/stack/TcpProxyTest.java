package io.kafkaprediction.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client and a loopback echo server: forwarding, blackhole (silence, nothing closed) and restore. */
class TcpProxyTest {
    private ServerSocket echoServer;
    private TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echoServer = new ServerSocket(0, 50, InetAddress.getByName(Ports.HOST));
        Thread acceptor = new Thread(() -> {
            while (!echoServer.isClosed()) {
                try {
                    Socket s = echoServer.accept();
                    Thread echo = new Thread(() -> echo(s));
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = new TcpProxy("test", Ports.HOST, echoServer.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echoServer.close();
    }

    @Test
    void aBlackholedLinkHoldsBytesWithoutClosingAndDeliversThemWhenRestored() throws Exception {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "before")).isEqualTo("before");

            proxy.blackhole();
            client.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(700);
            // Silence, not an error: no byte and no end of stream while the partition lasts.
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(client.isClosed()).isFalse();

            proxy.restore();
            client.setSoTimeout(5_000);
            assertThat(new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("held");
        }
    }

    @Test
    void aConnectionOpenedDuringABlackholeHangsUntilRestored() throws Exception {
        proxy.blackhole();
        try (Socket client = connect()) {
            client.getOutputStream().write("late".getBytes(StandardCharsets.US_ASCII));
            client.setSoTimeout(700);
            assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.restore();
            client.setSoTimeout(5_000);
            assertThat(new String(client.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("late");
        }
    }

    @Test
    void aCutLinkClosesOpenConnections() throws Exception {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, "ping")).isEqualTo("ping");
            proxy.cut();
            client.setSoTimeout(5_000);
            assertThat(client.getInputStream().read()).as("end of stream after a cut").isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        return new Socket(Ports.HOST, proxy.port());
    }

    private static String roundTrip(Socket client, String text) throws IOException {
        client.setSoTimeout(5_000);
        client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        return new String(client.getInputStream().readNBytes(text.length()), StandardCharsets.US_ASCII);
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
