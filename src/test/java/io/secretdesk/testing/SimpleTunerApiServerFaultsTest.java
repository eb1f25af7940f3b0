package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.testing.SimpleTunerApiServer.Fault;
import io.secretdesk.testing.SimpleTunerApiServer.Gate;
import io.secretdesk.testing.SimpleTunerApiServer.Route;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stand-in's fault modes: forced statuses, HTML, broken bodies, held, delayed and hanging requests, refused connections. */
@Tag("slow")
class SimpleTunerApiServerFaultsTest extends SimpleTunerServerTestBase {

    @Test
    void statusHtmlAndBrokenBodyFaultsPerRouteAndForAll() throws Exception {
        server.fail(Route.PROVIDER_CONFIG_GET, Fault.status(500));
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).body()).isEqualTo("Internal Server Error");
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).status()).as("other routes unaffected").isEqualTo(200);
        server.fail(Route.HARDWARE_OPTIONS, Fault.status(401));
        assertThat(call("GET", "/api/cloud/hardware-options", null, null).header("www-authenticate")).isEqualTo("Bearer");
        server.fail(Route.AUDIT_STATS, Fault.status(403));
        assertThat(get("/api/audit/stats").body()).isEqualTo("{\"detail\":\"Permission denied: admin.audit\"}");
        server.fail(Route.VERSION, Fault.status(404));
        assertThat(call("GET", "/api/version", null, null).body()).isEqualTo("{\"detail\":\"Not Found\"}");

        server.fail(Route.HEALTH, Fault.html());
        Answer html = call("GET", "/api/cloud/health", null, null);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("content-type")).startsWith("text/html");
        assertThatThrownBy(html::json).isInstanceOf(IOException.class);

        server.fail(Route.ADVANCED_GET, Fault.truncatedJson());
        Answer truncated = call("GET", "/api/cloud/providers/replicate/advanced", null, null);
        assertThat(truncated.status()).isEqualTo(200);
        assertThat(truncated.body()).startsWith("{\"ssl_verify\":true");
        assertThatThrownBy(truncated::json).isInstanceOf(IOException.class);

        server.fail(Route.REPLICATE_VALIDATE, Fault.dropMidBody());
        assertThatThrownBy(() -> call("GET", "/api/cloud/providers/replicate/validate", null, null)).isInstanceOf(IOException.class);

        server.clearFaults();
        server.failAll(Fault.status(503));
        assertThat(call("GET", "/api/version", null, null).status()).isEqualTo(503);
        assertThat(call("GET", "/nowhere", null, null).status()).isEqualTo(503);
        server.fail(Route.VERSION, Fault.status(404));
        assertThat(call("GET", "/api/version", null, null).status()).as("a route's own fault wins").isEqualTo(404);
        server.clearFaults();
        assertThat(call("GET", "/api/version", null, null).status()).isEqualTo(200);
    }

    @Test
    void heldRequestsWaitForReleaseAndAWriteTheClientGaveUpOnStillHappens() throws Exception {
        Gate gate = server.hold(Route.PROVIDER_CONFIG_PUT);
        assertThatThrownBy(() -> call("PUT", "/api/cloud/providers/replicate/config", null, "{\"cost_limit_action\":\"block\"}",
                Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        assertThat(gate.awaitHeld(1, Duration.ofSeconds(5))).isTrue();
        assertThat(server.providerConfig("replicate")).isNull();
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                request("PUT", "/api/cloud/providers/replicate/config", null, "{\"cost_limit_period\":\"weekly\"}", Duration.ofSeconds(10)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gate.awaitHeld(2, Duration.ofSeconds(5))).isTrue();
        assertThat(waiting).isNotDone();
        gate.release();
        assertThat(waiting.get().statusCode()).isEqualTo(200);
        assertThat(server.awaitAnswered(Route.PROVIDER_CONFIG_PUT, 2, Duration.ofSeconds(5))).isTrue();
        assertThat(server.providerConfig("replicate")).containsEntry("cost_limit_action", "block").containsEntry("cost_limit_period", "weekly");
    }

    @Test
    void delayHangAndRefusedConnections() throws Exception {
        server.fail(Route.HEALTH, Fault.delay(Duration.ofMillis(400)));
        long started = System.nanoTime();
        assertThat(call("GET", "/api/cloud/health", null, null).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThatThrownBy(() -> call("GET", "/api/cloud/health", null, null, Duration.ofMillis(100))).isInstanceOf(HttpTimeoutException.class);

        server.fail(Route.VERSION, Fault.hang());
        assertThatThrownBy(() -> call("GET", "/api/version", null, null, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        server.clearFaults();

        put("/api/cloud/providers/replicate/config", "{\"cost_limit_action\":\"warn\"}");
        server.refuseConnections();
        assertThatThrownBy(() -> call("GET", "/api/version", null, null)).isInstanceOf(ConnectException.class);
        server.acceptConnections();
        assertThat(call("GET", "/api/cloud/providers/replicate/config", null, null).json().at("/config/cost_limit_action").asText())
                .isEqualTo("warn");
    }
}
