package io.secretdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The moto launcher itself: one shared server, separate ones that stop, and clear failures when Python lacks moto. */
@Tag("slow")
class MotoServerTest {

    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theSharedServerIsStartedOnceAndAnswers() throws Exception {
        MotoServer first = MotoServer.shared();
        MotoServer second = MotoServer.shared();

        assertThat(second).isSameAs(first);
        assertThat(status(first, "/moto-api/")).isEqualTo(200);
        first.reset();
        assertThat(first.log()).exists();
    }

    @Test
    void aSeparateServerStopsWhenClosedAndItsPortRefusesAfterwards() throws Exception {
        MotoServer separate = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "0"));
        try {
            assertThat(separate.endpoint()).isNotEqualTo(MotoServer.shared().endpoint());
            assertThat(status(separate, "/moto-api/")).isEqualTo(200);
        } finally {
            separate.close();
        }

        assertThat(separate.isRunning()).isFalse();
        assertThatThrownBy(() -> status(separate, "/moto-api/")).isInstanceOf(ConnectException.class);
    }

    @Test
    void aMissingInterpreterFailsWithWhatToInstall() {
        assertThatThrownBy(() -> MotoServer.start(List.of("python3-not-installed-here"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot run python3-not-installed-here (")
                .hasMessageContaining("pip install 'moto[server]'");
    }

    @Test
    void anInterpreterWithoutMotoFailsWithWhatToInstall() {
        // -S leaves site-packages out, so this real python3 has no moto: the same as one where it was never installed.
        assertThatThrownBy(() -> MotoServer.start(List.of("python3", "-S"), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("moto is not installed for python3")
                .hasMessageContaining("No module named 'moto'")
                .hasMessageContaining("pip install 'moto[server]'");
    }

    private int status(MotoServer moto, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(moto.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
