package dev.needle.activities;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * POSTs a JSON body to a URL someone configured (a notification or trainer webhook). Any answer but 2xx is an
 * exception, so the calling activity is retried by Temporal.
 */
public final class JsonPost {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    private JsonPost() {
    }

    public static void post(URI url, Object body, Duration timeout) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the JSON body", e);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("POST " + url + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body();
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode()
                    + (text == null || text.isBlank() ? "" : ": " + text.substring(0, Math.min(300, text.length()))));
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
