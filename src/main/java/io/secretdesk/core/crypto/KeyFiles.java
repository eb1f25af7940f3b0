package io.secretdesk.core.crypto;

import io.secretdesk.core.SecureFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Creation of a new key file that no reader ever sees half-written, and that never replaces another's. */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Creates owner-only {@code file} holding {@code content} unless it exists; returns false (writing
     * nothing) when it does. The content is written to a 0600 temp file first and hard-linked into place:
     * {@code link()} fails on an existing name, so two processes generating a key at once never overwrite each
     * other, and the one that loses reads the winner's whole key.
     */
    static boolean createIfAbsent(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        SecureFiles.createPrivateDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                // File systems without hard links: O_EXCL creation still never replaces an existing key.
                try {
                    SecureFiles.createOwnerOnly(file, content);
                    return true;
                } catch (FileAlreadyExistsException exists) {
                    return false;
                }
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
