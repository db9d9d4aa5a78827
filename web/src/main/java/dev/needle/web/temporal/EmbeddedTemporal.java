package dev.needle.web.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.temporal.testserver.TestServer;

import dev.needle.web.NeedleConfig;

/**
 * The Temporal endpoint Needle talks to: the configured cluster, or else the Temporal Java test server started in
 * this process on a real port (so the Temporal CLI and UI can attach to it too).
 */
@Singleton
public class EmbeddedTemporal {

    private final String target;
    private final TestServer.PortBoundTestServer server;

    @Inject
    EmbeddedTemporal(NeedleConfig config) {
        if (config.temporal().target().isPresent()) {
            target = config.temporal().target().get();
            server = null;
            Log.infof("Using the Temporal cluster at %s", target);
        } else {
            int port = config.temporal().embeddedPort();
            if (port != 0 && !isFree(port)) {
                // Often a Temporal dev server of the user's own: do not fail the one-command start over it.
                Log.warnf("Port %d is taken; the embedded Temporal server takes a free port instead", port);
                port = 0;
            }
            if (port == 0)
                port = freePort();
            server = TestServer.createPortBoundServer(port);
            target = "127.0.0.1:" + port;
            Log.warnf(
                    "Started the embedded Temporal server on %s. Its state lives in memory only: Needle resumes unfinished"
                            + " iterations from its database on restart. Set needle.temporal.target for a real cluster.",
                    target);
        }
    }

    public String target() {
        return target;
    }

    @PreDestroy
    void stop() {
        if (server != null)
            server.close();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
