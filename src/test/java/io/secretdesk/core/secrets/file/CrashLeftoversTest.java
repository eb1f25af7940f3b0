package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.Lookup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: a {@code set} killed at its rename left {@code .secrets.json.*.tmp} behind, and a value
 * deleted later survived in it. The temp files here are planted as such a kill leaves them.
 */
class CrashLeftoversTest {

    @TempDir
    Path dir;

    private Path plantTemp(String target, String content) throws IOException {
        Path temp = dir.resolve("." + target + "." + 4_611_686_018_427_387_904L + ".tmp");
        Files.writeString(temp, content);
        return temp;
    }

    private long tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aDeletedSecretDoesNotSurviveInATempFileAKilledSetLeft() throws IOException {
        var provider = FileSecretProvider.inHome(new SimpleTunerHome(dir));
        provider.set("OLD_TOKEN", "r8_revoked");
        provider.set("KEEP", "k");
        Path leftover = plantTemp("secrets.json", "{\n  \"OLD_TOKEN\": \"r8_revoked\",\n  \"KEEP\": \"k\"\n}\n");
        Path yamlLeftover = plantTemp("secrets.yaml", "OLD_TOKEN: r8_revoked\n");
        Path notOurs = dir.resolve(".secrets.json.notdigits.tmp");
        Files.writeString(notOurs, "someone else's");

        assertThat(provider.delete("OLD_TOKEN")).isTrue();

        assertThat(leftover).doesNotExist();
        assertThat(yamlLeftover).doesNotExist();
        assertThat(notOurs).as("a name not of our pattern is left alone").exists();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path left : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(left)).as(left.getFileName().toString()).doesNotContain("r8_revoked");
            }
        }
    }

    @Test
    void theNextReadRemovesLeftoversWhenNoWriterHoldsTheLock() throws IOException {
        Path file = dir.resolve("secrets.json");
        new FileSecretProvider(file).set("A", "a");
        plantTemp("secrets.json", "{\"A\": \"stale\"}");
        assertThat(tempFiles()).isEqualTo(1);
        var nextRun = new FileSecretProvider(file);
        assertThat(((Lookup.Found) nextRun.lookup("A")).value()).isEqualTo("a");
        assertThat(tempFiles()).isZero();
    }

    @Test
    void aSymlinkWithATempNameIsRemovedItselfNeverFollowed() throws IOException {
        Path file = dir.resolve("secrets.json");
        Path outside = Files.writeString(dir.resolve("outside.txt"), "not ours");
        Path link = Files.createSymbolicLink(dir.resolve(".secrets.json.12345.tmp"), outside);
        new FileSecretProvider(file).set("A", "a");
        assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(outside)).isEqualTo("not ours");
    }
}
