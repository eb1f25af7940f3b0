package io.secretdesk.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.secretdesk.core.HostLookup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to a server whose certificate a private CA signed (here: self-signed, made by keytool): refused with the
 * system trust store alone, accepted with the CA file given.
 */
@Tag("slow")
class TlsTest {

    @TempDir
    Path dir;

    private HttpsServer server;
    private Path caFile;

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caFile = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "st", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(), "-storetype",
                "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "st", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            boolean health = exchange.getRequestURI().getPath().equals("/api/cloud/health");
            byte[] body = (health ? "{\"status\":\"healthy\",\"version\":\"1.0.0\",\"uptime_seconds\":12.5,\"components\":[]}"
                    : "{\"detail\":\"Not Found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(health ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private ServerStatus check(Path ca) {
        ServerSettings settings = new ServerSettings("tls", URI.create("https://127.0.0.1:" + server.getAddress().getPort()),
                ca, false, Duration.ofSeconds(5), Duration.ofSeconds(10));
        return new RemoteTarget(settings, () -> null, HostLookup.system(), Clock.systemUTC()).check();
    }

    @Test
    void aPrivateCaIsRefusedWithoutItsFileAndTrustedWithIt() {
        ServerStatus untrusted = check(null);
        assertThat(untrusted.reachable()).isFalse();
        assertThat(untrusted.problem()).contains("TLS handshake failed").contains("--ca-file");

        ServerStatus trusted = check(caFile);
        assertThat(trusted.reachable()).as(String.valueOf(trusted.problem())).isTrue();
        assertThat(trusted.health()).isEqualTo("healthy");
        assertThat(trusted.uptimeSeconds()).isEqualTo(12.5);
        assertThat(trusted.versionNote()).contains("no /api/version route");
    }
}
