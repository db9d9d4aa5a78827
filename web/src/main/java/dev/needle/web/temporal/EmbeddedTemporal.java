package dev.needle.web.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.quarkus.logging.Log;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;

import dev.needle.web.NeedleConfig;

/**
 * The Temporal endpoint Needle talks to: the configured cluster, or else the Temporal Java test server started in
 * this process on a real port (so the Temporal CLI and UI can attach to it too). The embedded server has no
 * authentication, so it listens on the loopback address only: {@code TestServer.createPortBoundServer} binds every
 * interface, so the server is put together here from the same pieces, bound to 127.0.0.1.
 */
@Singleton
public class EmbeddedTemporal {

    /** Temporal's own default port: where the CLI and UI look first. */
    static final int DEFAULT_PORT = 7233;
    private static final String LOOPBACK = "127.0.0.1";

    private final String target;
    private final TestServicesStarter services;
    private final Server server;
    private final OptionalInt movedFrom;
    /** Why the last port tried could not be had. */
    private String bindFailure;

    @Inject
    EmbeddedTemporal(NeedleConfig config) {
        this(config.temporal().target(), config.temporal().embeddedPort(), DEFAULT_PORT);
    }

    /**
     * @param cluster a Temporal frontend to use instead of the embedded server
     * @param port the configured port: exactly this one (0: any free one), else start-up fails
     * @param preferred the port tried when none is configured; a free one is taken when it is busy
     */
    EmbeddedTemporal(Optional<String> cluster, OptionalInt port, int preferred) {
        if (cluster.isPresent()) {
            target = cluster.get();
            services = null;
            server = null;
            movedFrom = OptionalInt.empty();
            Log.infof("Using the Temporal cluster at %s", target);
            return;
        }
        // Real time, as a server for people: lockTimeSkipping=true, as createPortBoundServer does.
        services = new TestServicesStarter(true, 0);
        Server started;
        OptionalInt moved = OptionalInt.empty();
        try {
            if (port.isPresent()) {
                started = bind(port.getAsInt());
                if (started == null) {
                    services.close();
                    throw new IllegalStateException("needle.temporal.embedded-port=" + port.getAsInt() + ": " + LOOPBACK
                            + ":" + port.getAsInt() + " cannot be had (" + bindFailure + "). Free it, choose another"
                            + " port, or set 0 for any free one.");
                }
            } else {
                started = bind(preferred);
                if (started == null) {
                    // Often a Temporal dev server of the user's own: the one-command start must not fail over it.
                    moved = OptionalInt.of(preferred);
                    started = bind(0);
                }
                if (started == null) {
                    services.close();
                    throw new IllegalStateException("no port to be had on " + LOOPBACK + ": " + bindFailure);
                }
            }
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("cannot start the embedded Temporal server", e);
        }
        server = started;
        movedFrom = moved;
        target = LOOPBACK + ":" + ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
        String moves = moved.isPresent()
                ? " It moved there because " + LOOPBACK + ":" + moved.getAsInt() + " cannot be had (" + bindFailure
                        + ", often a Temporal dev server of your own): point the Temporal CLI and UI at " + target
                        + ", or set needle.temporal.embedded-port."
                : "";
        Log.warnf("Started the embedded Temporal server on %s, the loopback address only (it has no authentication).%s"
                + " Its state lives in memory only: Needle resumes unfinished iterations from its database on restart."
                + " Set needle.temporal.target for a real cluster.", target, moves);
    }

    /** Where Temporal is: host:port. */
    public String target() {
        return target;
    }

    /** The port the embedded server wanted but found taken, when it moved to another one. */
    public OptionalInt movedFrom() {
        return movedFrom;
    }

    /** The server on {@code port} of the loopback address, started; {@code null} when the port cannot be had. */
    private Server bind(int port) throws IOException {
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), InsecureServerCredentials.create());
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        try {
            return builder.build().start();
        } catch (IOException e) {
            // gRPC reports a failed bind as "Failed to bind to address …" around Netty's native error (not always a
            // BindException); anything else is not about the port.
            if (e.getMessage() == null || !e.getMessage().startsWith("Failed to bind"))
                throw e;
            bindFailure = rootMessage(e);
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null)
            root = root.getCause();
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.contains("Address already in use") ? "taken by another process" : message;
    }

    @PreDestroy
    void stop() {
        if (server == null)
            return;
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS))
                Log.warn("The embedded Temporal server did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            services.close();
            server.shutdownNow();
        }
    }
}
