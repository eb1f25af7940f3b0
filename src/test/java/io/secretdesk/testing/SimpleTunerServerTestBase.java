package io.secretdesk.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** What the SimpleTuner stand-in's tests share: a server on a hand-moved clock, and plain java.net.http calls to it. */
abstract class SimpleTunerServerTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07.123456Z"));
    SimpleTunerApiServer server;

    @BeforeEach
    void start() {
        server = SimpleTunerApiServer.start(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Answer call(String method, String path, String apiKey, String jsonBody) throws IOException, InterruptedException {
        return call(method, path, apiKey, jsonBody, Duration.ofSeconds(10));
    }

    Answer call(String method, String path, String apiKey, String jsonBody, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(method, path, apiKey, jsonBody, timeout), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response);
    }

    HttpRequest request(String method, String path, String apiKey, String jsonBody, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(timeout)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return request.build();
    }

    Answer get(String path) throws IOException, InterruptedException {
        return call("GET", path, server.adminApiKey(), null);
    }

    Answer put(String path, String body) throws IOException, InterruptedException {
        return call("PUT", path, null, body);
    }
}
