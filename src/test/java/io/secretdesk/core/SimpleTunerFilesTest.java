package io.secretdesk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where SimpleTuner's server keeps its state, found as SimpleTuner finds it (storage/base.py). */
class SimpleTunerFilesTest {

    private static final Path HOME = Path.of("/home/op");

    private static SimpleTunerFiles resolve(Map<String, String> env, String os, Set<Path> dirs) {
        return SimpleTunerFiles.resolve(env, HOME, os, dirs::contains);
    }

    @Test
    void theStateDirVariableWinsAndTheFilesAreWhereSimpleTunerPutsThem() {
        SimpleTunerFiles files = resolve(Map.of("SIMPLETUNER_STATE_DIR", "/srv/st", "SIMPLETUNER_CONFIG_DIR", "/legacy"),
                "Linux", Set.of());
        assertThat(files.state()).isEqualTo(Path.of("/srv/st"));
        assertThat(files.reason()).isEqualTo("SIMPLETUNER_STATE_DIR");
        assertThat(files.jobsDb()).isEqualTo(Path.of("/srv/st/cloud/jobs.db"));
        assertThat(files.auditDb()).isEqualTo(Path.of("/srv/st/audit.db"));
        assertThat(files.auditKey()).isEqualTo(Path.of("/srv/st/audit.key"));
        assertThat(files.authDb()).isEqualTo(files.jobsDb());
        assertThat(files.home().dir()).as("secrets and credential.key stay in ~/.simpletuner")
                .isEqualTo(Path.of("/home/op/.simpletuner"));
        assertThat(files.notes()).isEmpty();
    }

    @Test
    void tildeIsExpandedAsPythonsExpanduserDoes() {
        assertThat(resolve(Map.of("SIMPLETUNER_STATE_DIR", "~/st"), "Linux", Set.of()).state())
                .isEqualTo(Path.of("/home/op/st"));
    }

    @Test
    void withoutTheVariableItIsTheFolderSimpletunerServerUsesOnEachSystem() {
        assertThat(resolve(Map.of(), "Linux", Set.of()).state()).isEqualTo(Path.of("/home/op/.simpletuner"));
        assertThat(resolve(Map.of(), "Mac OS X", Set.of()).state())
                .isEqualTo(Path.of("/home/op/Library/Application Support/SimpleTuner"));
        assertThat(resolve(Map.of("APPDATA", "/appdata"), "Windows 11", Set.of()).state())
                .isEqualTo(Path.of("/appdata/SimpleTuner"));
    }

    @Test
    void theLegacyVariableAndOtherStateFoldersAreNotesNotChoices() {
        SimpleTunerFiles files = resolve(Map.of("SIMPLETUNER_CONFIG_DIR", "/legacy"), "Linux",
                Set.of(Path.of("/workspace"), Path.of("/workspace/simpletuner/cloud")));
        assertThat(files.state()).isEqualTo(Path.of("/home/op/.simpletuner"));
        assertThat(files.notes()).hasSize(2);
        assertThat(files.notes().get(0)).contains("SIMPLETUNER_CONFIG_DIR=/legacy", "legacy", "SIMPLETUNER_STATE_DIR");
        assertThat(files.notes().get(1)).contains("/workspace/simpletuner", "SIMPLETUNER_STATE_DIR=/workspace/simpletuner");
    }

    @Test
    void theAuthDbVariableMovesOnlyTheUsersDatabase() {
        SimpleTunerFiles files = resolve(Map.of("SIMPLETUNER_AUTH_DB_PATH", "/data/auth.db"), "Linux", Set.of());
        assertThat(files.authDb()).isEqualTo(Path.of("/data/auth.db"));
        assertThat(files.jobsDb()).isEqualTo(Path.of("/home/op/.simpletuner/cloud/jobs.db"));
    }

    @Test
    void aHomeElsewhereCarriesTheDefaultStateFolderWithIt() {
        SimpleTunerHome home = new SimpleTunerHome(Path.of("/tmp/x/.simpletuner"));
        SimpleTunerFiles files = SimpleTunerFiles.forHome(Map.of(), home);
        assertThat(files.state()).isEqualTo(home.dir());
        assertThat(files.auditMark()).isEqualTo(home.dir().resolve("audit.mark"));
    }
}
