package io.secretdesk.core.crypto;

import io.secretdesk.core.SecureFiles;
import io.secretdesk.core.SimpleTunerHome;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a master secret is looked for, in SimpleTuner's order: an environment variable if non-empty, else
 * an owner-only key file (surrounding whitespace stripped), else a new random key written to that file.
 *
 * <p>A key file that exists but cannot be read, is empty or is not text is an error: it is never replaced,
 * because the credentials encrypted with it would be lost. When a new key cannot be saved (e.g. the home
 * folder is read-only) the key is still returned, marked {@link KeyOrigin.Kind#UNSAVED}, so callers can
 * warn that data encrypted with it will not survive a restart.
 */
public final class MasterSecretSource {

    /** The environment variable of the credential master secret. */
    public static final String CREDENTIAL_VARIABLE = "SIMPLETUNER_CREDENTIAL_KEY";
    /** The environment variable of the audit-log HMAC key. */
    public static final String AUDIT_VARIABLE = "SIMPLETUNER_AUDIT_KEY";

    private static final System.Logger LOG = System.getLogger(MasterSecretSource.class.getName());

    private final String variable;
    private final Map<String, String> env;
    private final Path keyFile;

    public MasterSecretSource(String variable, Map<String, String> env, Path keyFile) {
        this.variable = Objects.requireNonNull(variable, "variable");
        this.env = Objects.requireNonNull(env, "env");
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
    }

    /** The credential key: {@code SIMPLETUNER_CREDENTIAL_KEY}, else {@code ~/.simpletuner/credential.key}. */
    public static MasterSecretSource credential(Map<String, String> env, SimpleTunerHome home) {
        return new MasterSecretSource(CREDENTIAL_VARIABLE, env, home.credentialKeyFile());
    }

    /** The audit HMAC key: {@code SIMPLETUNER_AUDIT_KEY}, else {@code ~/.simpletuner/audit.key}. */
    public static MasterSecretSource audit(Map<String, String> env, SimpleTunerHome home) {
        return new MasterSecretSource(AUDIT_VARIABLE, env, home.auditKeyFile());
    }

    public String variable() {
        return variable;
    }

    public Path keyFile() {
        return keyFile;
    }

    /**
     * The master secret if one exists now (the variable, else the key file), never generating one.
     *
     * @throws KeyFileException when the key file exists but cannot be used
     */
    public Optional<MasterSecret> existing() {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(new MasterSecret(fromEnv, new KeyOrigin(KeyOrigin.Kind.ENVIRONMENT, variable, null, null)));
        }
        return readKeyFile(keyFile).map(value -> new MasterSecret(value, new KeyOrigin(KeyOrigin.Kind.KEY_FILE, variable, keyFile, null)));
    }

    /** The variable's value as this process sees it (null when unset); compared, never shown. */
    String variableValue() {
        return env.get(variable);
    }

    /**
     * The master secret, generating and saving one when none exists.
     *
     * @throws KeyFileException when the key file exists but cannot be used
     */
    public MasterSecret resolve() {
        Optional<MasterSecret> existing = existing();
        if (existing.isPresent()) {
            return existing.get();
        }
        String generated = MasterSecret.generateValue();
        try {
            if (KeyFiles.createIfAbsent(keyFile, generated.getBytes(StandardCharsets.US_ASCII))) {
                LOG.log(System.Logger.Level.INFO, "Generated a new master key in {0}", keyFile);
                return new MasterSecret(generated, new KeyOrigin(KeyOrigin.Kind.GENERATED, variable, keyFile, null));
            }
            // Another process created the file between our read and our write: use theirs.
            String theirs = readKeyFile(keyFile).orElseThrow(() -> new KeyFileException(
                    "Key file " + keyFile + " appeared and vanished while it was being created; try again."));
            return new MasterSecret(theirs, new KeyOrigin(KeyOrigin.Kind.KEY_FILE, variable, keyFile, null));
        } catch (IOException e) {
            String problem = describe(e);
            LOG.log(System.Logger.Level.WARNING, "Could not save a new master key to {0} ({1}); using a temporary key",
                    keyFile, problem);
            return new MasterSecret(generated, new KeyOrigin(KeyOrigin.Kind.UNSAVED, variable, keyFile, problem));
        }
    }

    /**
     * The stripped content of an existing key file, or empty when the file does not exist.
     *
     * @throws KeyFileException when the file exists but cannot be read, is empty or is not UTF-8 text
     */
    public static Optional<String> readKeyFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (AccessDeniedException denied) {
            throw new KeyFileException("Cannot read key file " + file + ": permission denied. Fix its owner or mode "
                    + "(chmod 600); it is not replaced, because the data encrypted with it would be lost.");
        } catch (IOException e) {
            if (blockedByNonFolder(file)) {
                return Optional.empty(); // a parent is a plain file, so no key file can exist there
            }
            throw new KeyFileException("Cannot read key file " + file + ": " + describe(e)
                    + ". It is not replaced, because the data encrypted with it would be lost.", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KeyFileException("Key file " + file + " is not text. Restore it from a backup; it is not "
                    + "replaced, because the data encrypted with it would be lost.");
        }
        String key = text.strip();
        if (key.isEmpty()) {
            throw new KeyFileException("Key file " + file + " is empty. Restore it from a backup, or delete it to "
                    + "start with a new key (data encrypted with the old key will no longer decrypt).");
        }
        requirePrivate(file);
        return Optional.of(key);
    }

    /**
     * Replaces (or creates) a key file with {@code secret} atomically, owner-only from its first byte: for a
     * key rotation's commit. Readers see the old key or the new one, never a partial file.
     */
    public static void replaceKeyFile(Path file, String secret) throws IOException {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("a master secret cannot be blank");
        }
        SecureFiles.writeAtomically(file, secret.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean blockedByNonFolder(Path file) {
        for (Path parent = file.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                return !Files.isDirectory(parent);
            }
        }
        return false;
    }

    /**
     * Refuses, as ssh refuses a private key, a key file other users may read or write, or one another user owns
     * (who could have planted it, or can read it): the message says the command that fixes it.
     */
    private static void requirePrivate(Path file) {
        if (!SecureFiles.isPosix(file)) {
            return;
        }
        String problem = SecureFiles.notPrivateReason(file);
        if (problem != null) {
            throw new KeyFileException("Key file " + file + " " + problem + "; like ssh with a private key, SecretDesk does not"
                    + " use it. Run: " + SecureFiles.privateFix(file) + " (nothing was changed)");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e.getMessage();
        return e.getClass().getSimpleName() + (reason == null ? "" : " (" + reason + ")");
    }
}
