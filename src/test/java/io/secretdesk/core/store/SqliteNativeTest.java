package io.secretdesk.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.secretdesk.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Issue 11, item 8: with several processes starting at once, the SQLite driver printed "SEVERE: Failed to
 * delete old native lib" and a stack trace, from the temp folder every user shares. Its native library now
 * goes to a folder of this user's own, and the loader's logger is quiet.
 */
class SqliteNativeTest {

    @TempDir
    Path base;

    @Test
    void thePrivateFolderIsCreatedOwnerOnly() throws IOException {
        Path folder = SqliteNative.privateFolder(base, "secretdesk-sqlite-me");
        assertThat(folder).isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(SqliteNative.privateFolder(base, "secretdesk-sqlite-me")).as("reused as it is").isEqualTo(folder);
    }

    @Test
    void aFolderSomeoneElsePlantedIsNotUsed() throws IOException {
        Path target = Files.createDirectory(base.resolve("elsewhere"));
        Files.createSymbolicLink(base.resolve("linked"), target);
        assertThat(SqliteNative.privateFolder(base, "linked")).as("a symlink").isNull();
        Path open = Files.createDirectory(base.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(SqliteNative.privateFolder(base, "open")).as("a folder open to others").isNull();
        Files.writeString(base.resolve("file"), "x");
        assertThat(SqliteNative.privateFolder(base, "file")).as("not a folder").isNull();
    }

    @Test
    void aFolderOwnedByAnotherUserIsNotUsed() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a folder away");
        Path theirs = Files.createDirectory(base.resolve("theirs"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(theirs, FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        assertThat(SqliteNative.privateFolder(base, "theirs")).isNull();
    }

    @Test
    void theDriverLoadsItsLibraryFromThisUsersPrivateFolder() throws IOException {
        try (Database database = Database.open(base.resolve("probe.db"))) {
            assertThat(database.file()).exists();
        }
        Path folder = Path.of(System.getProperty(SqliteNative.TMPDIR_PROPERTY));
        assertThat(folder.getFileName().toString()).isEqualTo("secretdesk-sqlite-" + System.getProperty("user.name"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        Path kept = folder.resolve("native");
        assertThat(System.getProperty("org.sqlite.lib.path")).as("the kept copy is what the driver loads").isEqualTo(kept.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(kept)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(file -> !file.startsWith("platform-")))
                    .as("the library this JVM loaded, and nothing half-written")
                    .containsExactly(LibraryLoaderUtil.getNativeLibName());
        }
        assertThat(Files.readAllBytes(kept.resolve(LibraryLoaderUtil.getNativeLibName()))).isEqualTo(libraryInTheJar());
    }

    @Test
    void aDamagedKeptCopyIsReplacedBeforeTheDriverCouldLoadIt() throws IOException {
        String before = System.getProperty("org.sqlite.lib.path");
        try {
            Path folder = SqliteNative.privateFolder(base, "secretdesk-sqlite-test");
            Path kept = SqliteNative.privateFolder(folder, "native");
            Path copy = kept.resolve(LibraryLoaderUtil.getNativeLibName());
            byte[] library = libraryInTheJar();
            byte[] damaged = library.clone();
            damaged[damaged.length / 2] ^= 1;  // same size, one bit off
            Files.write(copy, damaged);
            SqliteNative.useKeptCopy(folder);
            assertThat(Files.readAllBytes(copy)).isEqualTo(library);
            assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(kept.toString());
            Files.write(copy, new byte[] {1, 2, 3});  // truncated
            SqliteNative.useKeptCopy(folder);
            assertThat(Files.readAllBytes(copy)).isEqualTo(library);
        } finally {
            System.setProperty("org.sqlite.lib.path", before == null ? "" : before);
            if (before == null) {
                System.clearProperty("org.sqlite.lib.path");
            }
        }
    }

    @Test
    void thePlatformFolderIsAskedOnceAndAWrongKeptAnswerIsAskedAgain() throws IOException {
        Path kept = SqliteNative.privateFolder(SqliteNative.privateFolder(base, "secretdesk-sqlite-test"), "native");
        String name = LibraryLoaderUtil.getNativeLibName();
        String driver = LibraryLoaderUtil.getNativeLibResourcePath();
        assertThat(SqliteNative.resourcePath(kept, name)).isEqualTo(driver);
        Path answer;
        try (Stream<Path> files = Files.list(kept)) {
            answer = files.filter(file -> file.getFileName().toString().startsWith("platform-")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(answer)).isEqualTo(driver);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(answer))).isEqualTo("rw-------");
        assertThat(SqliteNative.resourcePath(kept, name)).as("read back").isEqualTo(driver);
        for (String wrong : new String[] {"/org/sqlite/native/Plan9/mips", "/etc", ""}) {
            Files.writeString(answer, wrong);
            assertThat(SqliteNative.resourcePath(kept, name)).as(wrong).isEqualTo(driver);
            assertThat(Files.readString(answer)).isEqualTo(driver);
        }
    }

    private static byte[] libraryInTheJar() throws IOException {
        try (var in = SqliteNative.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            assertThat(in).as("the driver's library for this platform").isNotNull();
            return in.readAllBytes();
        }
    }

    @Tag("slow")
    @Test
    void aCliRunPrintsNoDriverNoise() throws Exception {
        Path tmp = Files.createDirectory(base.resolve("tmp"));
        Path userHome = Files.createDirectory(base.resolve("home"));
        ChildJvm child = new ChildJvm(userHome, Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp));
        ChildJvm.Result result = child.run("", "config", "get", "replicate");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("SEVERE").doesNotContain("sqlite");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                tmp.resolve("secretdesk-sqlite-" + System.getProperty("user.name"))))).isEqualTo("rwx------");
    }
}
