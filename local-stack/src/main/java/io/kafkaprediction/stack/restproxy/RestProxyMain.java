package io.kafkaprediction.stack.restproxy;

import java.util.concurrent.CountDownLatch;

import io.kafkaprediction.stack.ChildMain;

/**
 * Entry point of the REST Proxy JVM started by the stack ({@link RestProxyProcess}):
 * {@code RestProxyMain <host> <port> <bootstrap servers>}. Its own heap means no client can take the
 * broker's JVM down with it. Like a Connect worker it exits when the parent's pipe on stdin closes,
 * so a killed stack leaves no orphan proxy.
 */
public final class RestProxyMain {
    private RestProxyMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: RestProxyMain <host> <port> <bootstrap servers>");
            System.exit(2);
        }
        RestProxyServer server;
        try {
            server = RestProxyServer.start(args[0], Integer.parseInt(args[1]), args[2]);
        } catch (RuntimeException e) {
            System.err.println("Cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = ChildMain.stopOnShutdown(server::close, "rest-proxy");
        ChildMain.exitWhenParentGone();
        System.out.println("REST Proxy API listening on " + server.url());
        stopped.await();
    }
}
