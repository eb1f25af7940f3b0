package io.secretdesk.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner-only files and folders: created with mode 0600 / 0700 from their first byte, whatever the umask.
 *
 * <p>The mode is passed to {@code open(O_CREAT|O_EXCL)} / {@code mkdir}, so there is never a moment when
 * another user could open the file. On a file system without POSIX permissions the attributes are skipped.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents as 0700; existing folders are left as they are. */
    public static void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            if (posix(parent)) {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(DIR_MODE));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            if (!Files.isDirectory(absolute)) {
                throw raced;
            }
        }
    }

    /**
     * Creates an empty 0600 file; fails with {@link FileAlreadyExistsException} when it exists. Missing
     * parent folders are created 0700.
     */
    public static void createFile(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        Files.createFile(file, fileAttributes(parent));
    }

    /**
     * Creates {@code file} holding {@code content} only if it does not exist yet, atomically: readers see
     * either no file or the whole content. Returns false (and writes nothing) when the file already exists.
     */
    public static boolean createWithContent(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        Path temp = writeTemp(parent, file.getFileName().toString(), content);
        try {
            // link() fails with EEXIST instead of replacing, so two processes never overwrite each other.
            Files.createLink(file, temp);
            forceDirectory(parent);
            return true;
        } catch (FileAlreadyExistsException exists) {
            return false;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            try {
                Files.createFile(file, fileAttributes(parent));
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
            write(file, content);
            return true;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Replaces (or creates) {@code file} with {@code content} atomically: a 0600 temp file in the same
     * folder is written, forced to disk and renamed over the target.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createDirectories(parent);
        Path temp = writeTemp(parent, file.getFileName().toString(), content);
        try {
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(parent);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code path} is readable and writable by its owner only (true where POSIX modes do not exist). */
    public static boolean isOwnerOnly(Path path) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return true;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        EnumSet<PosixFilePermission> others = EnumSet.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
        others.retainAll(permissions);
        return others.isEmpty();
    }

    private static Path writeTemp(Path dir, String baseName, byte[] content) throws IOException {
        // createTempFile makes the file rw------- on POSIX file systems.
        Path temp = Files.createTempFile(dir, "." + baseName + ".", ".tmp");
        try {
            write(temp, content);
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename durable; not every platform can open a folder, and losing this only risks a crash window.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }

    private static FileAttribute<?>[] fileAttributes(Path parent) {
        return posix(parent) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path existingAncestor) {
        Path probe = existingAncestor;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        return probe == null
                ? Path.of("").toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix")
                : Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
    }
}
