package io.secretdesk.core.target;

import io.secretdesk.core.SimpleTunerFiles;
import io.secretdesk.core.crypto.KeyFileException;
import io.secretdesk.core.pricing.HardwareInfo;
import io.secretdesk.core.pricing.HardwareInfo.Hardware;
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

    public LocalTarget(ConsoleStore store, HardwareInfo hardware) {
        this.store = Objects.requireNonNull(store, "store");
        this.hardware = Objects.requireNonNull(hardware, "hardware");
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
