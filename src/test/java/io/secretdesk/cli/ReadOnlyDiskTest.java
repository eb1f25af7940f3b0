package io.secretdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.secretdesk.core.SimpleTunerHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 9: on a read-only disk even reads of the databases failed (each open switched to WAL, created
 * tables or wrote a journal). Reads now open read-only; writes are refused with the reason and change no byte.
 *
 * <p>The folder is made read-only for real: as root (whom permissions do not stop) by a tmpfs remounted read-only,
 * which needs mount rights; as another user by taking the write bits away. Where neither is possible it is skipped.
 */
@Tag("slow")
class ReadOnlyDiskTest {

    @TempDir
    Path userHome;

    private Path mountPoint;
    private boolean mounted;

    record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var context = new CliContext(Map.of(), SimpleTunerHome.underUserHome(mountPoint),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(context, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return id.waitFor(30, TimeUnit.SECONDS) && uid.equals("0");
    }

    @BeforeEach
    void aHomeWithAConfigACredentialAndAnAuditLog() throws Exception {
        mountPoint = userHome.resolve("disk");
        Files.createDirectories(mountPoint);
        if (isRoot()) {
            mounted = run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", mountPoint.toString()) == 0;
            assumeTrue(mounted, "running as root without the right to mount a tmpfs: no way to make a folder read-only");
        }
        assertThat(cli("{\"webhook_url\": \"https://example.test/a\"}", "config", "set", "replicate").code()).isZero();
        assertThat(cli("r8_read_only_canary\n", "credentials", "set", "replicate", "api_token").code()).isZero();
    }

    private void makeReadOnly() throws Exception {
        if (mounted) {
            assertThat(run("mount", "-o", "remount,ro", mountPoint.toString())).isZero();
        } else {
            chmodTree("r-x------", "r--------");
        }
    }

    private void chmodTree(String folders, String files) throws IOException {
        try (Stream<Path> tree = Files.walk(mountPoint)) {
            for (Path path : tree.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path) ? folders : files));
            }
        }
    }

    @AfterEach
    void writableAgain() throws Exception {
        if (mounted) {
            run("umount", mountPoint.toString());
        } else if (Files.exists(mountPoint)) {
            chmodTree("rwx------", "rw-------");
        }
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(mountPoint)) {
            for (Path path : tree.filter(Files::isRegularFile).toList()) {
                files.put(mountPoint.relativize(path).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        return files;
    }

    @Test
    void readsWorkOnAReadOnlyDiskAndWritesAreRefusedWithNothingChanged() throws Exception {
        makeReadOnly();
        Map<String, String> before = snapshot();

        List<String> failures = new ArrayList<>();
        Run config = cli("", "config", "get", "replicate");
        if (config.code() != 0 || !config.out().contains("https://example.test/a")) {
            failures.add("config get: " + config);
        }
        Run credential = cli("", "credentials", "get", "replicate", "api_token");
        if (credential.code() != 0 || !credential.out().equals("r8_read_only_canary\n")) {
            failures.add("credentials get: exit " + credential.code() + " " + credential.err());
        }
        Run list = cli("", "credentials", "list");
        if (list.code() != 0 || !list.out().contains("replicate/api_token")) {
            failures.add("credentials list: " + list);
        }
        Run verify = cli("", "audit", "--verify");
        if (verify.code() != 0 || !verify.out().contains("audit chain intact")) {
            failures.add("audit --verify: " + verify);
        }
        assertThat(failures).as("reads on a read-only disk").isEmpty();

        Run set = cli("{\"webhook_url\": \"https://example.test/b\"}", "config", "set", "replicate");
        assertThat(set.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(set.err()).contains("cannot be written here", "opened for reading only", "Nothing was changed");
        Run store = cli("r8_other\n", "credentials", "set", "replicate", "other");
        assertThat(store.code()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(store.err()).contains("opened for reading only").doesNotContain("r8_other");

        assertThat(snapshot()).as("not one byte changed").isEqualTo(before);
    }
}
