package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.SimpleTunerHome;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretProviderTest {

    @TempDir
    Path userHome;

    private SimpleTunerHome home() {
        return SimpleTunerHome.underUserHome(userHome);
    }

    private Path write(String name, String text) throws IOException {
        Path file = home().dir().resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static String valueOf(Lookup lookup) {
        return ((Lookup.Found) lookup).value();
    }

    @Test
    void readsJson() throws IOException {
        write("secrets.json", "{\"REPLICATE_API_TOKEN\": \"r8_a\", \"HF_TOKEN\": \"hf_b\"}");
        var provider = FileSecretProvider.inHome(home());
        assertThat(valueOf(provider.lookup("HF_TOKEN")).equals("hf_b")).as("HF_TOKEN from JSON").isTrue();
        assertThat(provider.lookup("OTHER")).isEqualTo(Lookup.MISSING);
        assertThat(provider.availability().available()).isTrue();
        assertThat(provider.availability().detail()).startsWith("2 keys in ");
    }

    @Test
    void readsYamlWhenNoJsonExistsAndPrefersJsonThenYamlThenYml() throws IOException {
        write("secrets.yml", "HF_TOKEN: from-yml\n");
        var provider = FileSecretProvider.inHome(home());
        assertThat(valueOf(provider.lookup("HF_TOKEN")).equals("from-yml")).as("yml read").isTrue();
        write("secrets.yaml", "# comment\nHF_TOKEN: 'from-yaml'\n");
        assertThat(valueOf(provider.lookup("HF_TOKEN")).equals("from-yaml")).as("yaml preferred over yml").isTrue();
        write("secrets.json", "{\"HF_TOKEN\": \"from-json\"}");
        assertThat(valueOf(provider.lookup("HF_TOKEN")).equals("from-json")).as("json preferred").isTrue();
        assertThat(provider.path().getFileName()).hasToString("secrets.json");
    }

    @Test
    void seesEditsMadeByOtherProgramsWithoutReparsingUnchangedFiles() throws IOException {
        Path file = write("secrets.json", "{\"K\": \"one\"}");
        var provider = FileSecretProvider.inHome(home());
        Contents first = provider.contents();
        assertThat(provider.contents()).as("unchanged file is not parsed again").isSameAs(first);

        // Same size, same mtime: an in-place edit is still seen through the change time or identity.
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "{\"K\": \"two\"}");
        Files.setLastModifiedTime(file, mtime);
        assertThat(valueOf(provider.lookup("K")).equals("two")).as("in-place edit seen").isTrue();

        Path replacement = write("replacement.tmp", "{\"K\": \"three\", \"L\": \"x\"}");
        Files.move(replacement, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        assertThat(valueOf(provider.lookup("K")).equals("three")).as("atomic replace seen").isTrue();

        Files.delete(file);
        assertThat(provider.lookup("K")).isInstanceOf(Lookup.Unavailable.class);
    }

    @Test
    void missingFileIsUnavailableWithAReasonThatSaysHowToCreateIt() {
        var provider = FileSecretProvider.inHome(home());
        var lookup = (Lookup.Unavailable) provider.lookup("K");
        assertThat(lookup.reason()).contains("no secrets file").contains("setting a secret creates secrets.json");
    }

    @Test
    void malformedJsonIsUnavailableWithLineAndColumnAndNoContent() throws IOException {
        write("secrets.json", "{\n  \"HF_TOKEN\": \"hf_ok\",\n  \"K\": r8_leakyvalue\n}\n");
        var provider = FileSecretProvider.inHome(home());
        var reason = ((Contents.Unavailable) provider.contents()).reason();
        assertThat(reason).contains("malformed JSON").contains("line 3").doesNotContain("leaky").doesNotContain("hf_ok");
        assertThat(provider.state().parseError()).isEqualTo(reason);
    }

    @Test
    void topLevelArrayAndNonStringValuesAreRejectedWithTheirPosition() throws IOException {
        write("secrets.json", "[\"a\"]");
        assertThat(((Contents.Unavailable) FileSecretProvider.inHome(home()).contents()).reason())
                .contains("top level is a list").contains("line 1, column 1");
        write("secrets.json", "{\"A\": \"x\",\n \"PORT\": 8080}");
        assertThat(((Contents.Unavailable) FileSecretProvider.inHome(home()).contents()).reason())
                .contains("value of \"PORT\" is a number").contains("line 2");
        write("secrets.json", "{\"A\": \"x\", \"A\": \"y\"}");
        assertThat(((Contents.Unavailable) FileSecretProvider.inHome(home()).contents()).reason()).contains("appears twice");
    }

    @Test
    void malformedYamlIsReportedToo() throws IOException {
        write("secrets.yaml", "A: x\nB: [unclosed\n");
        assertThat(((Contents.Unavailable) FileSecretProvider.inHome(home()).contents()).reason()).contains("malformed YAML").contains("line");
        write("secrets.yaml", "A: x\nN: 12\n");
        assertThat(((Contents.Unavailable) FileSecretProvider.inHome(home()).contents()).reason()).contains("\"N\" is a number");
    }

    @Test
    void blankFileIsEmpty() throws IOException {
        write("secrets.yaml", "\n");
        assertThat(((Contents.Loaded) FileSecretProvider.inHome(home()).contents()).size()).isZero();
    }

    @Test
    void writeRefusesToOverwriteAFileItCouldNotParse() throws IOException {
        String broken = "{\"A\": \"keep me\",, }";
        Path file = write("secrets.json", broken);
        var provider = FileSecretProvider.inHome(home());
        assertThatThrownBy(() -> provider.set("B", "r8_new")).isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("refusing to write").hasMessageContaining("nothing was changed")
                .hasMessageNotContaining("r8_new").hasMessageNotContaining("keep me");
        assertThatThrownBy(() -> provider.delete("A")).isInstanceOf(SecretProviderException.class);
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void firstWriteCreatesOwnerOnlyJsonAndFolder() throws IOException {
        var provider = FileSecretProvider.inHome(home());
        Path written = provider.set("HF_TOKEN", "hf_new");
        assertThat(written).isEqualTo(home().dir().resolve("secrets.json").toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home().dir()))).isEqualTo("rwx------");
        assertThat(Files.readString(written)).isEqualTo("{\n  \"HF_TOKEN\": \"hf_new\"\n}\n");
        assertThat(valueOf(provider.lookup("HF_TOKEN")).equals("hf_new")).as("written value read back").isTrue();
    }

    @Test
    void writesKeepYamlAsYamlAndKeepOtherKeysInOrder() throws IOException {
        Path file = write("secrets.yaml", "B: two\nA: one\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var provider = FileSecretProvider.inHome(home());
        assertThat(provider.availability().detail()).contains("chmod 600");
        provider.set("C", "yes");
        String text = Files.readString(file);
        assertThat(text).doesNotStartWith("{").contains("B: \"two\"\nA: \"one\"\nC: \"yes\"");
        assertThat(valueOf(provider.lookup("C")).equals("yes")).as("a YAML-looking word stays a string").isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(provider.delete("A")).isTrue();
        assertThat(provider.delete("A")).isFalse();
        assertThat(((Contents.Loaded) provider.contents()).keys()).containsExactly("B", "C");
    }

    @Test
    void explicitPathIsUsedAsIs() throws IOException {
        Path custom = userHome.resolve("custom/place.yml");
        var provider = new FileSecretProvider(custom);
        provider.set("K", "v");
        assertThat(Files.readString(custom)).isEqualTo("K: \"v\"\n");
        assertThat(provider.description()).isEqualTo(custom.toAbsolutePath().toString());
    }

    @Test
    void concurrentWritersInOneProcessLoseNoKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                // A fresh provider per write, as separate SecretsManagers would have.
                writes.add(pool.submit(() -> FileSecretProvider.inHome(home()).set("KEY_" + n, "v" + n)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        var loaded = (Contents.Loaded) FileSecretProvider.inHome(home()).contents();
        assertThat(loaded.size()).isEqualTo(40);
        try (var files = Files.list(home().dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp files left")
                    .containsExactlyInAnyOrder("secrets.json", ".secrets.lock");
        }
    }

    @Test
    void nothingInMessagesOrToStringShowsAValue() throws IOException {
        write("secrets.json", "{\"K\": \"s3cr3t-value\"}");
        var provider = FileSecretProvider.inHome(home());
        String all = provider + " " + provider.lookup("K") + " " + provider.contents() + " " + provider.availability()
                + " " + provider.state();
        assertThat(all).doesNotContain("s3cr3t");
        assertThat(new String(Files.readAllBytes(home().dir().resolve("secrets.json")), StandardCharsets.UTF_8)).contains("s3cr3t");
    }
}
