package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: an edit another program made between {@code set}'s read and its rename was silently
 * overwritten. The edit here happens at exactly that moment, in place, as an editor saving the file would.
 */
class ExternalEditRaceTest {

    @TempDir
    Path dir;

    private static void editInPlace(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEditBetweenReadAndRenameIsKeptAndTheSetIsRedoneOverIt() throws IOException {
        Path file = dir.resolve("secrets.json");
        var provider = new FileSecretProvider(file);
        provider.set("A", "a");
        AtomicInteger renames = new AtomicInteger();
        provider.beforeRename(() -> {
            if (renames.incrementAndGet() == 1) {
                editInPlace(file, "{\"A\": \"a\", \"EDITED\": \"by-editor\"}");
            }
        });
        provider.set("B", "b");
        assertThat(renames.get()).isEqualTo(2);
        assertThat(((Contents.Loaded) new FileSecretProvider(file).contents()).values())
                .containsEntry("EDITED", "by-editor").containsEntry("B", "b").containsEntry("A", "a");
    }

    @Test
    void aFileThatKeepsChangingIsRefusedAndTheOtherProgramsEditStands() throws IOException {
        Path file = dir.resolve("secrets.yaml");
        var provider = new FileSecretProvider(file);
        provider.set("A", "a");
        AtomicInteger edits = new AtomicInteger();
        provider.beforeRename(() -> editInPlace(file, "A: a\nEDIT: \"" + edits.incrementAndGet() + "\"\n"));
        assertThatThrownBy(() -> provider.set("B", "b")).isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("changed by another program").hasMessageContaining("nothing was changed");
        assertThat(Files.readString(file)).isEqualTo("A: a\nEDIT: \"3\"\n");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
