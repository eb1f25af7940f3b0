package io.secretdesk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.SimpleTunerHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/** In-process CLI runs over a temporary home and an environment of the test's making. */
final class CliHarness {

    /** What one run did. */
    record Run(int code, String out, String err) {
    }

    final Path userHome;
    final Map<String, String> env = new HashMap<>();

    CliHarness(Path userHome) {
        this.userHome = userHome;
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    Run withStdin(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.copyOf(env), SimpleTunerHome.underUserHome(userHome),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run run(String... args) {
        return withStdin("", args);
    }

    /** Writes the secrets file as JSON, owner-only, exactly these values (a test's way to store any string). */
    Path secretsFile(Map<String, String> values) throws IOException {
        Path file = SimpleTunerHome.underUserHome(userHome).dir().resolve("secrets.json");
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, new ObjectMapper().writeValueAsString(values));
        return file;
    }
}
