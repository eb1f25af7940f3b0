package io.secretdesk.core.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Where the SQLite driver unpacks its native library: a folder of this user's own, owner-only, instead of the
 * shared temp folder, where every user's processes clean up each other's copies and a stranger could plant a
 * file. Set once, before the driver loads ({@code org.sqlite.tmpdir}); an explicit {@code org.sqlite.tmpdir}
 * or {@code org.sqlite.lib.path} wins.
 *
 * <p>The driver's loader also logs, as SEVERE with a stack trace, a copy it failed to clean up because another
 * process starting at the same moment removed it first: harmless, and printed on a CLI's standard error. Its
 * logger is silenced; a library that truly fails to load still fails the connection, which says so.
 */
final class SqliteNative {

    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";
    private static final String LOADER_LOGGER = "org.sqlite.SQLiteJDBCLoader";
    /** Held so the level set on it is not lost when java.util.logging drops an unreferenced logger. */
    private static final Logger QUIET_LOADER = Logger.getLogger(LOADER_LOGGER);
    private static boolean prepared;

    private SqliteNative() {
    }

    /** Points the driver at this user's private folder (once per JVM) and quiets its loader. Never throws. */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        QUIET_LOADER.setLevel(Level.OFF);
        if (System.getProperty(TMPDIR_PROPERTY) != null || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        for (String base : new String[] {System.getProperty("java.io.tmpdir"), System.getProperty("user.home") + "/.cache"}) {
            if (base == null) {
                continue;
            }
            Path folder = privateFolder(Path.of(base), "secretdesk-sqlite-" + user);
            if (folder != null) {
                System.setProperty(TMPDIR_PROPERTY, folder.toString());
                useKeptCopy(folder);
                return;
            }
        }
        // No private folder can be had: the driver's default (the temp folder) still works.
    }

    /**
     * Points the driver at a copy of its library kept in {@code folder/native} ({@code org.sqlite.lib.path}), made or
     * replaced when it differs from the one in the jar. Unpacked anew on every start, the driver wrote 1.1 MB and
     * compared it byte by byte, interpreted, with what it wrote: a tenth of a second or more of every cold store
     * verb. The folder is this user's own and owner-only, as the unpacked copies were; the copy is compared in full
     * with the jar's before each use and replaced atomically, so a damaged or stale one is never loaded. When any of
     * this fails, nothing is set and the driver unpacks its library as before.
     */
    static void useKeptCopy(Path folder) {
        try {
            String name = LibraryLoaderUtil.getNativeLibName();
            Path kept = privateFolder(folder, "native");
            if (kept == null) {
                return;
            }
            byte[] library;
            try (InputStream in = SqliteNative.class.getResourceAsStream(resourcePath(kept, name) + "/" + name)) {
                if (in == null) {
                    return;
                }
                library = in.readAllBytes();
            }
            Path copy = kept.resolve(name);
            if (!sameContent(copy, library)) {
                Path temp = Files.createTempFile(kept, "unpacking-", ".tmp"); // owner-only
                try {
                    Files.write(temp, library);
                    Files.move(temp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            System.setProperty("org.sqlite.lib.path", kept.toString());
        } catch (IOException | RuntimeException | LinkageError e) {
            // The driver unpacks its own copy, as it always did.
        }
    }

    /**
     * The folder in the jar that holds the driver's library for this platform. The driver's own answer
     * ({@code LibraryLoaderUtil.getNativeLibResourcePath()}) starts {@code uname -o}, a child process on every cold
     * store verb, so it is asked once and its answer kept beside the copy, per OS name and architecture
     * ({@code platform-Linux-amd64}); a kept answer the jar has no library for is asked again. Were a kept answer
     * wrong (one home shared by a glibc and a musl machine of one architecture), the driver could not load the copy
     * and would unpack its own library, as without a kept copy.
     */
    static String resourcePath(Path kept, String name) {
        Path answer = kept.resolve(("platform-" + System.getProperty("os.name") + "-" + System.getProperty("os.arch"))
                .replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            String known = Files.readString(answer, StandardCharsets.UTF_8).strip();
            if (known.startsWith("/org/sqlite/native/") && SqliteNative.class.getResource(known + "/" + name) != null) {
                return known;
            }
        } catch (IOException | RuntimeException e) {
            // not kept yet, or unreadable: ask the driver
        }
        String asked = LibraryLoaderUtil.getNativeLibResourcePath();
        try {
            Path temp = Files.createTempFile(kept, "platform-", ".tmp"); // owner-only
            try {
                Files.writeString(temp, asked, StandardCharsets.UTF_8);
                Files.move(temp, answer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // asked again next time
        }
        return asked;
    }

    private static boolean sameContent(Path copy, byte[] expected) throws IOException {
        if (!Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS) || Files.size(copy) != expected.length) {
            return false;
        }
        return Arrays.equals(Files.readAllBytes(copy), expected);
    }

    /**
     * {@code base/name} as an owner-only folder of this user, created if missing; null when it cannot be
     * made, or exists as something else: a symlink, not a folder, another user's, or open to others.
     */
    static Path privateFolder(Path base, String name) {
        Path folder = base.resolve(name);
        try {
            if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(base);
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (view == null) {
                return null;
            }
            PosixFileAttributes attributes = view.readAttributes();
            boolean ours = attributes.isDirectory() && !attributes.isSymbolicLink()
                    && attributes.owner().getName().equals(System.getProperty("user.name"))
                    && PosixFilePermissions.toString(attributes.permissions()).equals("rwx------");
            return ours && Files.isWritable(folder) ? folder : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
