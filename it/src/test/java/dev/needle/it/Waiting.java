package dev.needle.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** What every process a test starts needs: a free loopback port to bind, and a pause while it starts. */
final class Waiting {

    private Waiting() {
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
