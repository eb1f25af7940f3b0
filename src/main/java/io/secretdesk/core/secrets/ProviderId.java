package io.secretdesk.core.secrets;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The four sources SecretDesk knows, in chain order. Code asks an id ({@code outcome.is(ProviderId.FILE)}) instead of
 * comparing names as strings; {@link #id()} is the printed name ({@code env}, {@code file}, {@code aws},
 * {@code vault}) that {@link SecretProvider#name()}, the CLI, the audit trail and the console show, and it never
 * changes. A chain may hold providers with other names (tests do); {@link #of} then answers empty.
 */
public enum ProviderId {
    /** Environment variables, read first. */
    ENV("env", false, "the environment"),
    /** The secrets file under {@code ~/.simpletuner}, the one a plain {@code set} writes. */
    FILE("file", false, "the secrets file"),
    /** AWS Secrets Manager, edited in place. */
    AWS("aws", true, "aws"),
    /** HashiCorp Vault's KV engine, edited in place. */
    VAULT("vault", true, "vault");

    private static final List<String> NAMES = Arrays.stream(values()).map(ProviderId::id).toList();

    private final String id;
    private final boolean remote;
    private final String label;

    ProviderId(String id, boolean remote, String label) {
        this.id = id;
        this.remote = remote;
        this.label = label;
    }

    /** The printed name: {@code env}, {@code file}, {@code aws} or {@code vault}. */
    public String id() {
        return id;
    }

    /** Whether {@code name} is this source's printed name. Null is no name. */
    public boolean is(String name) {
        return id.equals(name);
    }

    /** Whether an answer costs a network round trip (AWS, Vault). */
    public boolean remote() {
        return remote;
    }

    /**
     * Whether SecretDesk writes keys into this source, keeping older versions (the file's history, AWS versions, Vault
     * KV); the environment is set where the process starts.
     */
    public boolean editable() {
        return this != ENV;
    }

    /** The source for people in a sentence: "the environment", "the secrets file", "aws", "vault". */
    public String label() {
        return label;
    }

    /** The source named {@code name}, or empty for a name SecretDesk does not know (or null). */
    public static Optional<ProviderId> of(String name) {
        for (ProviderId provider : values()) {
            if (provider.id.equals(name)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code name} names one of {@code ids}. */
    public static boolean isAny(String name, ProviderId... ids) {
        Objects.requireNonNull(ids, "ids");
        return of(name).map(id -> Arrays.asList(ids).contains(id)).orElse(false);
    }

    /** Every printed name in chain order: {@code [env, file, aws, vault]}. */
    public static List<String> names() {
        return NAMES;
    }

    @Override
    public String toString() {
        return id;
    }
}
