package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 11's run that held, kept as tests: a symlink in place of the secrets file, a disk that
 * fills up mid-write, and a {@code set} killed with SIGKILL. (umask 000 and two processes writing at once are
 * in {@code SecretVerbsTest}; kills during rotation in {@code KeyRotationCrashTest}.)
 */
class HeldAttacksTest {

    @TempDir
    Path dir;

    private static List<Path> temps(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aSymlinkInPlaceOfTheSecretsFileIsReplacedNeverWrittenThrough() throws IOException {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path victim = Files.writeString(outside.resolve("victim.json"), "{\"THEIRS\": \"kept\"}");
        Path home = Files.createDirectory(dir.resolve("home"));
        Path file = Files.createSymbolicLink(home.resolve("secrets.json"), victim);
        new FileSecretProvider(file).set("K", "v");
        assertThat(Files.readString(victim)).as("the link's target is never written").isEqualTo("{\"THEIRS\": \"kept\"}");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
    }

    @Tag("slow")
    @Test
    void aDiskThatFillsUpMidWriteLeavesTheFileAsItWasAndNoTempFile() throws Exception {
        Path file = dir.resolve("secrets.json");
        new FileSecretProvider(file).set("KEEP", "kept-value");
        byte[] before = Files.readAllBytes(file);
        // A file-size limit makes the write fail with EFBIG part-way, as a full disk fails it with ENOSPC.
        Process child = new ProcessBuilder("sh", "-c", "ulimit -f 16 && exec \"$0\" -XX:-UsePerfData -cp \"$1\" \"$2\" \"$3\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"),
                SetOnce.class.getName(), file.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("refused:").contains("nothing was changed").doesNotContain("xxxxxxxx");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(temps(dir)).isEmpty();
    }

    @Tag("slow")
    @Test
    void aSetKilledAtAnyMomentLosesNoAcknowledgedKeyAndLeavesNothingBehindAfterTheNextRun() throws Exception {
        Path file = dir.resolve("secrets.json");
        for (int round = 0; round < 3; round++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), SetForever.class.getName(),
                    file.toString(), "R" + round).start();
            List<String> acknowledged = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (acknowledged.size() < 15 + round * 7 && (line = lines.readLine()) != null) {
                    acknowledged.add(line);
                }
                writer.destroyForcibly(); // SIGKILL, mid-set more often than not
                assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            JsonNode doc = new ObjectMapper().readTree(Files.readString(file));
            for (String key : acknowledged) {
                assertThat(doc.has(key)).as("acknowledged key %s survives the kill", key).isTrue();
            }
            // The next run cleans what the kill left: no temp file, so no stale copy of any value.
            assertThat(new FileSecretProvider(file).contents()).isNotNull();
            assertThat(temps(dir)).isEmpty();
        }
    }

    /** One set of a value far larger than the child's file-size limit; prints how it ended. */
    public static final class SetOnce {
        public static void main(String[] args) {
            try {
                new FileSecretProvider(Path.of(args[0])).set("BIG", "x".repeat(200_000));
                System.out.println("written");
            } catch (SecretProviderException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    /** Sets keys forever, printing each key once its set returned. */
    public static final class SetForever {
        public static void main(String[] args) {
            FileSecretProvider provider = new FileSecretProvider(Path.of(args[0]));
            for (int i = 0; ; i++) {
                String key = args[1] + "_" + i;
                provider.set(key, "value-" + i + "-" + "v".repeat(2_000));
                System.out.println(key);
                System.out.flush();
            }
        }
    }
}
