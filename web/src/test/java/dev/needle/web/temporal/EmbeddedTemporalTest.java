package dev.needle.web.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * The embedded Temporal server has no authentication, so nothing but this machine may reach it. It is checked without
 * sending a packet to any other address: a socket bound to another address of the machine on the server's port can
 * only be had when the server does not listen there (a server on every interface holds the port on all of them).
 */
class EmbeddedTemporalTest {

    @Test
    void itListensOnTheLoopbackAddressOnly_andAnswersThere() throws IOException {
        EmbeddedTemporal temporal = new EmbeddedTemporal(Optional.empty(), OptionalInt.of(0), 0);
        try {
            assertTrue(temporal.target().startsWith("127.0.0.1:"), temporal.target());
            int port = port(temporal);
            assertServing(temporal.target());

            List<InetAddress> others = otherAddresses();
            for (InetAddress other : others) {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.bind(new InetSocketAddress(other, port));
                } catch (IOException e) {
                    throw new AssertionError("the embedded Temporal server holds " + other + ":" + port, e);
                }
            }
            System.out.println("Checked the embedded Temporal server is not on " + others);
        } finally {
            temporal.stop();
        }
    }

    @Test
    void whenItsUsualPortIsTaken_itMovesToAFreeLoopbackPort_andSaysFromWhere() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            EmbeddedTemporal temporal = new EmbeddedTemporal(Optional.empty(), OptionalInt.empty(),
                    taken.getLocalPort());
            try {
                assertEquals(OptionalInt.of(taken.getLocalPort()), temporal.movedFrom());
                assertNotEquals(taken.getLocalPort(), port(temporal));
                assertTrue(temporal.target().startsWith("127.0.0.1:"), temporal.target());
                assertServing(temporal.target());
            } finally {
                temporal.stop();
            }
        }
    }

    @Test
    void whenAConfiguredPortIsTaken_startUpFailsNamingTheSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new EmbeddedTemporal(
                    Optional.empty(), OptionalInt.of(taken.getLocalPort()), EmbeddedTemporal.DEFAULT_PORT));
            assertTrue(e.getMessage().contains("needle.temporal.embedded-port=" + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("taken by another process"), e.getMessage());
        }
    }

    @Test
    void aConfiguredClusterStartsNoServer() {
        EmbeddedTemporal temporal = new EmbeddedTemporal(Optional.of("temporal.example:7233"), OptionalInt.of(0), 0);
        assertEquals("temporal.example:7233", temporal.target());
        assertFalse(temporal.movedFrom().isPresent());
        temporal.stop();
    }

    private static int port(EmbeddedTemporal temporal) {
        return Integer.parseInt(temporal.target().substring(temporal.target().lastIndexOf(':') + 1));
    }

    private static void assertServing(String target) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            assertEquals("SERVING", stubs.healthCheck().getStatus().name());
        } finally {
            stubs.shutdownNow();
        }
    }

    /** The machine's addresses other than loopback and link-local ones (those need a scope to bind). */
    private static List<InetAddress> otherAddresses() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(EmbeddedTemporalTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress()).toList();
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
