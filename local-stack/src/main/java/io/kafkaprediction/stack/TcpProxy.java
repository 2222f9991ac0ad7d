package io.kafkaprediction.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a server, for fault tests: {@link #cut()} drops every open
 * connection and refuses new ones (as an unreachable database would look to a client),
 * {@link #blackhole()} stops forwarding without closing anything (as a network partition that
 * drops packets looks: no reset, no answer), {@link #restore()} lets traffic through again. One
 * thread per direction and connection.
 *
 * <p>Blackholing here rather than with iptables or network namespaces: it needs no root, no
 * kernel module and no extra package, and acts on exactly one link. What a dropping partition
 * does to TCP it does too: bytes sent meanwhile wait (TCP would retransmit them) and arrive once
 * the link heals, unless one side gave up first; a new connection hangs until then.
 */
public final class TcpProxy implements AutoCloseable {
    private final String name;
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean blackholed;
    private volatile boolean closed;
    private final Object flowing = new Object();

    public TcpProxy(String name, String targetHost, int targetPort) {
        this.name = name;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getByName(Ports.HOST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open proxy " + name, e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String name() {
        return name;
    }

    /** Drops every connection through the proxy and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /**
     * Stops forwarding in both directions and holds new connections, closing nothing: clients see
     * silence until {@link #restore()}, then everything held moves on.
     */
    public void blackhole() {
        blackholed = true;
    }

    /** Ends a {@link #cut()} or a {@link #blackhole()}. */
    public void restore() {
        cut = false;
        synchronized (flowing) {
            blackholed = false;
            flowing.notifyAll();
        }
    }

    public boolean isBlackholed() {
        return blackholed;
    }

    /** Blocks while the link is blackholed (a closed proxy lets everything go). */
    private void awaitFlowing() throws InterruptedException {
        synchronized (flowing) {
            while (blackholed && !closed) {
                flowing.wait(1000);
            }
        }
    }

    public boolean isCut() {
        return cut;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            try {
                // A partition holds the handshake with the server back, and this acceptor with it.
                awaitFlowing();
            } catch (InterruptedException e) {
                closeQuietly(client);
                return;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while (true) {
                    n = in.read(buffer);
                    // Data and end of stream alike wait out a partition: a FIN is a packet too.
                    awaitFlowing();
                    if (n == -1) {
                        break;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // one side went away: close both below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-" + name + "-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        restore();
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
