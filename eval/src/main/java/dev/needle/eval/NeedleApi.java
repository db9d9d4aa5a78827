package dev.needle.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Needle's REST API as one built-in user sees it (HTTP basic, password = name, as the embedded defaults have it). */
public final class NeedleApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int GET_ATTEMPTS = 5;

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public NeedleApi(URI base, String user) {
        this.base = base;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GETs are safe to repeat, so a server error is retried a few times before it counts: under heavy concurrent load
     * the embedded H2 database has been seen to fail a read transaction now and then ("illegally transitioned from
     * CLOSED to COMMITTED"), and one such blip should not end a run of hundreds of rounds. Each retry is logged.
     */
    public JsonNode get(String path) {
        for (int attempt = 1;; attempt++) {
            try {
                return send(HttpRequest.newBuilder(base.resolve(path)).GET(), Set.of(200));
            } catch (ServerError e) {
                if (attempt == GET_ATTEMPTS)
                    throw e;
                Evaluation.log("retrying after %s", e.getMessage());
                Pause.of(Duration.ofSeconds(attempt));
            }
        }
    }

    /** A 5xx answer. */
    static final class ServerError extends IllegalStateException {
        ServerError(String message) {
            super(message);
        }
    }

    /** Posts JSON; any status outside {@code accepted} is an error carrying Needle's problem+json. */
    public JsonNode post(String path, Object body, Integer... accepted) {
        return sendJson("POST", path, body, accepted);
    }

    /** Puts JSON, as {@link #post} does. */
    public JsonNode put(String path, Object body, Integer... accepted) {
        return sendJson("PUT", path, body, accepted);
    }

    private JsonNode sendJson(String method, String path, Object body, Integer... accepted) {
        try {
            return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                    Set.of(accepted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request, Set<Integer> accepted) {
        try {
            HttpResponse<String> response = http.send(
                    request.header("Authorization", authorization).timeout(Duration.ofMinutes(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (!accepted.contains(response.statusCode())) {
                String message = request.build().method() + " " + request.build().uri() + " → " + response.statusCode()
                        + ": " + response.body();
                if (response.statusCode() >= 500)
                    throw new ServerError(message);
                throw new IllegalStateException(message);
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
