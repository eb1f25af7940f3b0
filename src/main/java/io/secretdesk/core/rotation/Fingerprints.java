package io.secretdesk.core.rotation;

import io.secretdesk.core.store.CredentialStore.CredentialInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiConsumer;

/** Fingerprints of credential values (SHA-256 digests), compared in memory to check a rotation; never shown. */
final class Fingerprints {
    private Fingerprints() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    static byte[] of(MessageDigest sha256, String value) {
        return sha256.digest(value.getBytes(StandardCharsets.UTF_8));
    }

    static BiConsumer<CredentialInfo, String> collectInto(Map<Long, Before> target) {
        MessageDigest sha256 = sha256();
        return (info, value) -> target.put(info.id(), new Before(of(sha256, value), info.updatedAt()));
    }

    /** A row's value fingerprint and its last change, taken before re-encrypting. */
    record Before(byte[] digest, Instant updatedAt) {
        /** Whether {@code info} is the same version of the row (re-encryption keeps {@code updated_at}). */
        boolean sameRow(CredentialInfo info) {
            return updatedAt.equals(info.updatedAt());
        }
    }
}
