package dev.needle.web.deadline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A notification receiver on loopback, started before Needle so its address can be Needle's configured
 * {@code needle.notifications.webhook-url}. Keeps every JSON body it receives.
 */
public class NotificationWebhook implements QuarkusTestResourceLifecycleManager {

    static final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectMapper json = new ObjectMapper();
        server.createContext("/notify", exchange -> {
            received.add(json.readValue(exchange.getRequestBody(), new TypeReference<Map<String, Object>>() {
            }));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return Map.of("needle.notifications.webhook-url",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    @Override
    public void stop() {
        if (server != null)
            server.stop(0);
    }
}
