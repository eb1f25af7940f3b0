package io.secretdesk.core.rotation;

import io.secretdesk.core.SecureFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The lock that lets one rotation, rollback or recovery run at a time across every SecretDesk process: an
 * OS file lock, so a killed process releases it and the next start can recover.
 */
final class RotationLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RotationLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock on {@code file}, or empty when another process (or this one) holds it. */
    static Optional<RotationLock> tryAcquire(Path file) throws IOException {
        SecureFiles.createPrivateDirectories(file.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                SecureFiles.ownerOnlyFile(file));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new RotationLock(channel, lock));
        } catch (OverlappingFileLockException heldHere) {
            channel.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to release.
        }
    }
}
