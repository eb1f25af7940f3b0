package io.secretdesk.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Owner-only files and folders, and atomic replacement of a file's content.
 *
 * <p>Modes are given to {@code open(2)}/{@code mkdir(2)} at creation, so there is never a moment when a
 * file is readable by others, whatever the umask (umask only narrows a requested mode).
 */
public final class SecureFiles {

    private static final Set<PosixFilePermission> OWNER_READ_WRITE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ALL = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    /** Whether the file system of {@code path} has POSIX permissions. */
    public static boolean isPosix(Path path) {
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /** The attribute that creates a file owner-only (0600), or none where the file system has no POSIX view. */
    public static FileAttribute<?>[] ownerOnlyFile(Path path) {
        return isPosix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and any missing parents as owner-only (0700); folders that exist are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (isPosix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ALL));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Creates a new owner-only file holding {@code content}; fails with {@link FileAlreadyExistsException}
     * when it exists. The content is on disk when this returns.
     */
    public static void createOwnerOnly(Path file, byte[] content) throws IOException {
        createPrivateDirectories(file.toAbsolutePath().getParent());
        try (FileChannel channel = FileChannel.open(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnlyFile(file))) {
            writeFully(channel, content);
            channel.force(true);
        }
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Replaces {@code target}'s content atomically: a reader sees the old content or the new, never a mix,
     * and a crash leaves one of the two. The new file is owner-only (0600) from its first byte.
     */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        writeAtomically(target, content, () -> { });
    }

    /** A last check before {@link #writeAtomically(Path, byte[], BeforeRename)} renames: throwing cancels the write. */
    @FunctionalInterface
    public interface BeforeRename {
        void check() throws IOException;
    }

    /**
     * As {@link #writeAtomically(Path, byte[])}, calling {@code beforeRename} after the new content is on disk and
     * just before the rename; when it throws, the temp file is removed, {@code target} is untouched and the
     * exception propagates.
     */
    public static void writeAtomically(Path target, byte[] content, BeforeRename beforeRename) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createPrivateDirectories(dir);
        // createTempFile is rw------- already; in the same folder so the rename cannot cross file systems.
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(channel, content);
                channel.force(true);
            }
            beforeRename.check();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Removes the temp files {@link #writeAtomically} leaves beside {@code target} when a process dies before its
     * rename ({@code .NAME.<digits>.tmp}). Call it only while holding the lock every writer of {@code target}
     * holds, so no live writer's temp file is taken. Only regular files are removed (a symlink of that name is
     * removed itself, never followed).
     *
     * @param olderThan how old a temp file must be to go; {@link Duration#ZERO} for any (under a lock all
     *                  writers share), more where a writer may run without that lock
     * @return how many were removed
     */
    public static int removeStaleTemps(Path target, Duration olderThan) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Pattern ours = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "\\d+" + Pattern.quote(".tmp"));
        Instant cutoff = Instant.now().minus(olderThan);
        int removed = 0;
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> ours.matcher(p.getFileName().toString()).matches()).toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return 0;
        }
        for (Path temp : candidates) {
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue;
            }
            if (attributes.isDirectory() || attributes.lastModifiedTime().toInstant().isAfter(cutoff)) {
                continue;
            }
            if (Files.deleteIfExists(temp)) {
                removed++;
            }
        }
        if (removed > 0) {
            syncDirectory(dir);
        }
        return removed;
    }

    /**
     * Why {@code file} is not private to the user running this JVM (its owner is someone else, or group or
     * others have any permission on it), or null when it is, or when that cannot be told (no POSIX view).
     */
    public static String notPrivateReason(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return null;
            }
            var attributes = view.readAttributes();
            String owner = attributes.owner().getName();
            String me = currentUser();
            if (me != null && !owner.equals(me)) {
                return "belongs to user '" + owner + "', not to '" + me + "' who runs SecretDesk";
            }
            Set<PosixFilePermission> others = EnumSet.copyOf(attributes.permissions());
            others.removeAll(OWNER_ALL);
            if (!others.isEmpty()) {
                return "is open to other users (mode " + PosixFilePermissions.toString(attributes.permissions()) + ")";
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The command that makes {@code file} private to the current user. */
    public static String privateFix(Path file) {
        String me = currentUser();
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view != null && me != null && !view.readAttributes().owner().getName().equals(me)) {
                return "chown " + me + " " + file + " && chmod 600 " + file + " (if the key is yours)";
            }
        } catch (IOException e) {
            // fall back to the mode fix
        }
        return "chmod 600 " + file;
    }

    /** Whether every user may create, replace or delete files in {@code dir} (its others-write bit is set). */
    public static boolean writableByEveryone(Path dir) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            return view != null && view.readAttributes().permissions().contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /** The user this JVM runs as, by name (null when unknown). */
    private static String currentUser() {
        String name = System.getProperty("user.name");
        return name == null || name.isBlank() ? null : name;
    }

    /** Whether group or others may read or write {@code file} (false where permissions are not POSIX). */
    public static boolean accessibleByOthers(Path file) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (view == null) {
                return false;
            }
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            return !OWNER_ALL.containsAll(permissions);
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeFully(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes a rename or creation durable; best effort where a folder cannot be opened (not on Linux). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform lets a folder be opened; the data itself is already forced.
        }
    }
}
