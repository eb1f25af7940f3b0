package io.secretdesk.core.target;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
import io.secretdesk.core.secrets.SecretProviderException;
import io.secretdesk.core.secrets.SecretsManager;
import io.secretdesk.core.store.AuditEntry;
import io.secretdesk.core.store.AuditQuery;
import io.secretdesk.core.store.AuditStats;
import io.secretdesk.core.store.ChainVerification;
import io.secretdesk.core.store.ConsoleStore;
import io.secretdesk.core.store.StoreException;
import io.secretdesk.core.store.UserCredential;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** The SimpleTuner installation on this host, through its files ({@code <state>/cloud/jobs.db}, {@code audit.db}). */
public final class LocalTarget implements Target {

    public static final String NAME = "this machine";

    private final ConsoleStore store;
    private final HardwareInfo hardware;
    private final Supplier<LocalSecrets> secrets;

    /** This host without the secrets chain: the Replicate token methods refuse (REFUSED). */
    public LocalTarget(ConsoleStore store, HardwareInfo hardware) {
        this(store, hardware, () -> {
            throw new TargetException(TargetException.Reason.REFUSED, "the secrets chain is not open here; use "
                    + "'secretdesk set REPLICATE_API_TOKEN' or the Secrets view");
        });
    }

    /**
     * @param secrets the secrets file's audited writes and the chain (the Replicate token is the file's
     *                {@code REPLICATE_API_TOKEN}), opened on first use
     */
    public LocalTarget(ConsoleStore store, HardwareInfo hardware, Supplier<LocalSecrets> secrets) {
        this.store = Objects.requireNonNull(store, "store");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public SimpleTunerFiles files() {
        return store.files();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return store.files().state().toString();
    }

    @Override
    public List<String> providers() {
        return call(() -> store.configs().listProviders());
    }

    @Override
    public Map<String, Object> providerConfig(String provider) {
        return call(() -> store.configs().getProviderConfig(provider));
    }

    @Override
    public Map<String, Object> mergeProviderConfig(String provider, Map<String, ?> changes) {
        return call(() -> store.configs().updateProviderConfig(provider, changes));
    }

    @Override
    public TakesEffect takesEffect(Setting what) {
        return TakesEffect.of(what);
    }

    @Override
    public Map<String, Hardware> hardwarePricing() {
        return call(hardware::get);
    }

    @Override
    public boolean hardwarePricingConfigured() {
        return call(hardware::configured);
    }

    @Override
    public void setHardwarePricing(Map<String, Hardware> table) {
        call(() -> {
            hardware.set(HardwareInfo.toSeedMap(table));
            return null;
        });
    }

    @Override
    public void resetHardwarePricing() {
        call(() -> {
            Map<String, Object> removal = new HashMap<>();
            removal.put(HardwareInfo.CONFIG_KEY, null);
            store.configs().updateProviderConfig(HardwareInfo.PROVIDER, removal);
            return null;
        });
    }

    @Override
    public List<AuditEntry> audit(AuditQuery query) {
        return call(() -> store.audit().query(query));
    }

    @Override
    public AuditStats auditStats() {
        return call(() -> store.audit().stats());
    }

    @Override
    public ChainVerification verifyAudit() {
        return call(() -> store.audit().verifyChain());
    }

    @Override
    public List<UserCredential> userCredentials(String user) {
        return call(() -> store.userCredentials().list(user));
    }

    @Override
    public HealthReport health() {
        return LocalHealth.of(store);
    }

    @Override
    public ReplicateToken.Change setReplicateToken(String token) {
        if (token == null || token.isBlank()) {
            throw new TargetException(TargetException.Reason.INVALID_INPUT, "the Replicate token is empty; nothing was written");
        }
        SecretsManager.WriteOutcome outcome = secretWrite(() -> secrets.get().set(SecretsManager.REPLICATE_API_TOKEN, token.strip()));
        String problem = outcome.overriddenBy().map(o -> "written, but " + o.provider() + " still supplies "
                + SecretsManager.REPLICATE_API_TOKEN + " and wins over the file").orElse(null);
        return new ReplicateToken.Change(true, outcome.file().toString(), problem, takesEffect(Setting.SECRET));
    }

    @Override
    public ReplicateToken.Change deleteReplicateToken() {
        SecretsManager.DeleteOutcome outcome = secretWrite(() -> secrets.get().delete(SecretsManager.REPLICATE_API_TOKEN));
        String problem = outcome.after().supplier().map(o -> o.provider() + " still supplies "
                + SecretsManager.REPLICATE_API_TOKEN).orElse(outcome.removed() ? null : "the secrets file had no token");
        return new ReplicateToken.Change(true, outcome.file().toString(), problem, takesEffect(Setting.SECRET));
    }

    @Override
    public ReplicateToken.Validation validateReplicateToken() {
        java.util.Optional<String> token = secretWrite(() -> secrets.get().resolve(SecretsManager.REPLICATE_API_TOKEN)).value();
        if (token.isEmpty() || token.get().isBlank()) {
            return new ReplicateToken.Validation(false, null, SecretsManager.REPLICATE_API_TOKEN + " is not set on this machine");
        }
        return token.get().strip().startsWith("r8_")
                ? new ReplicateToken.Validation(true, null, "set, and of Replicate's form (r8_...); on this machine "
                        + "SecretDesk does not ask Replicate: a server's validation does")
                : new ReplicateToken.Validation(false, null, "set, but Replicate tokens start with r8_");
    }

    private static <T> T secretWrite(Supplier<T> work) {
        try {
            return work.get();
        } catch (SecretProviderException e) {
            throw new TargetException(TargetException.Reason.REFUSED, e.getMessage(), e);
        }
    }

    /** Runs {@code work}, turning store failures into {@link TargetException}s with the same message. */
    static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw new TargetException(reason(e.reason()), e.getMessage(), e);
        } catch (KeyFileException e) {
            throw new TargetException(TargetException.Reason.REFUSED, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TargetException(TargetException.Reason.INVALID_INPUT, e.getMessage(), e);
        }
    }

    private static TargetException.Reason reason(StoreException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT -> TargetException.Reason.INVALID_INPUT;
            case NOT_FOUND -> TargetException.Reason.NOT_FOUND;
            case INVALID_DATA, FAILED -> TargetException.Reason.FAILED;
            case CORRUPT, NEWER_SCHEMA, LOCKED, READ_ONLY -> TargetException.Reason.REFUSED;
        };
    }
}
