package io.secretdesk.core.secrets.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProviderException;
import io.secretdesk.testing.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11, item 1: a YAML alias was read as its anchor's name, and the next write stored that name for good. */
class YamlAliasesTest {

    private static final String ALIASED = "A: &anc \"real-secret-value\"\nB: *anc\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("secrets.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static String value(FileSecretProvider provider, String key) {
        Lookup lookup = provider.lookup(key);
        assertThat(lookup).as(key).isInstanceOf(Lookup.Found.class);
        return ((Lookup.Found) lookup).value();
    }

    private static String reason(FileSecretProvider provider) {
        Contents contents = provider.contents();
        assertThat(contents).isInstanceOf(Contents.Unavailable.class);
        return ((Contents.Unavailable) contents).reason();
    }

    @Test
    void anAliasReadsAsTheAnchoredValueNotTheAnchorName() throws IOException {
        var provider = new FileSecretProvider(write(ALIASED));
        assertThat(value(provider, "B").equals("real-secret-value")).as("B is the anchored value").isTrue();
        assertThat(value(provider, "A").equals("real-secret-value")).as("A keeps its value").isTrue();
    }

    @Tag("slow")
    @Test
    void anAliasReadsAsPyYamlReadsIt() throws IOException {
        Path file = write("A: &anc 'real-secret-value'\nB: *anc\n&k KEYNAME: named\nC: *k\n");
        String python = Python.run("import yaml,sys\nd=yaml.safe_load(open(sys.stdin.readline().strip()))\n"
                + "print(d['B']==d['A'], d['C'])", file.toString());
        var provider = new FileSecretProvider(file);
        assertThat(python).isEqualTo("True KEYNAME");
        assertThat(value(provider, "B").equals(value(provider, "A"))).as("B equals A as in PyYAML").isTrue();
        assertThat(value(provider, "C")).isEqualTo("KEYNAME");
    }

    @Test
    void anUnrelatedSetNeverWritesTheAnchorNameInPlaceOfTheValue() throws IOException {
        StringBuilder text = new StringBuilder("A: &anc \"real-secret-value\"\n");
        for (int i = 0; i < 2_000; i++) {
            text.append("B").append(i).append(": *anc\n");
        }
        Path file = write(text.toString());
        var provider = new FileSecretProvider(file);
        provider.set("C", "cval");
        String written = Files.readString(file);
        assertThat(written).doesNotContain("\"anc\"").contains("B1999: \"real-secret-value\"");
        var reread = new FileSecretProvider(file);
        assertThat(((Contents.Loaded) reread.contents()).values().values())
                .filteredOn(v -> !v.equals("real-secret-value")).containsExactly("cval");
    }

    @Test
    @Timeout(60)
    void aliasesExpandingPastTheFileLimitAreRefusedAndTheFileIsLeftAlone() throws IOException {
        // 4,000-character value, 5,000 aliases: 20 million characters once expanded, from a 60 KB file.
        StringBuilder text = new StringBuilder("A: &big \"" + "x".repeat(4_000) + "\"\n");
        for (int i = 0; i < 5_000; i++) {
            text.append("K").append(i).append(": *big\n");
        }
        Path file = write(text.toString());
        var provider = new FileSecretProvider(file);
        assertThat(reason(provider)).contains("aliases expanded").contains(String.valueOf(SecretLimits.MAX_FILE_BYTES))
                .doesNotContain("xxxx");
        assertThatThrownBy(() -> provider.set("C", "cval")).isInstanceOf(SecretProviderException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(Files.readString(file)).isEqualTo(text.toString());
    }

    @Test
    @Timeout(60)
    void billionLaughsIsRefusedAtOnce() throws IOException {
        Path file = write("""
                a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
                c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
                d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
                e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
                f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
                g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
                h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
                i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
                """);
        assertThat(reason(new FileSecretProvider(file))).contains("\"a\" is a list").contains("line 1");
    }

    @Test
    void aliasesOfMappingsMergeKeysAndMissingAnchorsAreRefusedClearly() throws IOException {
        Path file = write("A: x\n<<: {B: y}\n");
        assertThat(reason(new FileSecretProvider(file))).contains("merge keys (<<) are not supported").contains("line 2");
        write("A: &m {x: y}\n");
        assertThat(reason(new FileSecretProvider(file))).contains("\"A\" is a mapping");
        write("&root\nA: x\nB: *root\n");
        assertThat(reason(new FileSecretProvider(file))).contains("\"B\" is an alias (*root) of a mapping");
        write("A: x\nB: *nowhere\n");
        assertThat(reason(new FileSecretProvider(file))).contains("*nowhere has no anchor");
        write("A: &n 12\nB: *n\n");
        assertThat(reason(new FileSecretProvider(file))).contains("\"A\" is a number");
    }

    @Test
    void yamlTypesPlainScalarsAsPyYamlDoes() throws IOException {
        Path file = write("A: 'yes'\nB: \"12\"\nC: !!str 12\nD: plain words\n");
        var provider = new FileSecretProvider(file);
        assertThat(((Contents.Loaded) provider.contents()).values()).containsEntry("A", "yes").containsEntry("B", "12")
                .containsEntry("C", "12").containsEntry("D", "plain words");
        write("A: x\nFLAG: yes\n");
        assertThat(reason(new FileSecretProvider(file))).contains("\"FLAG\" is a boolean").contains("line 2");
        write("A: !!binary aGk=\n");
        assertThat(reason(new FileSecretProvider(file))).contains("tagged !!binary");
    }
}
