package io.secretdesk.core.secrets.chain;

import io.secretdesk.core.secrets.Availability;
import io.secretdesk.core.secrets.Contents;
import io.secretdesk.core.secrets.Lookup;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SourceSettings;
import io.secretdesk.core.secrets.edit.Editable;
import io.secretdesk.core.secrets.edit.EditableSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A provider built on its first use: the chain can name it, and know it is remote, without loading its class,
 * so a lookup the environment or the file answers never loads the AWS SDK or the Vault driver. Only remote
 * providers are deferred, and both are {@link Editable}: the editor is the built provider's.
 */
final class DeferredProvider implements SecretProvider, Editable, AutoCloseable {

    private final String name;
    private final boolean remote;
    private final Supplier<? extends SecretProvider> factory;
    private volatile SecretProvider target;

    DeferredProvider(String name, boolean remote, Supplier<? extends SecretProvider> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.remote = remote;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The provider itself, built now if it was not yet. */
    SecretProvider target() {
        SecretProvider built = target;
        if (built == null) {
            synchronized (this) {
                built = target;
                if (built == null) {
                    built = Objects.requireNonNull(factory.get(), "factory result");
                    target = built;
                }
            }
        }
        return built;
    }

    /** Whether the provider was built (tests: a lookup answered higher up must leave it unbuilt). */
    boolean built() {
        return target != null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean remote() {
        return remote;
    }

    @Override
    public String description() {
        return target().description();
    }

    @Override
    public Lookup lookup(String key) {
        return target().lookup(key);
    }

    @Override
    public Contents contents() {
        return target().contents();
    }

    @Override
    public boolean listsEveryKey() {
        return target().listsEveryKey();
    }

    @Override
    public Availability availability() {
        return target().availability();
    }

    @Override
    public String locationOf(String key) {
        return target().locationOf(key);
    }

    @Override
    public boolean configured() {
        return target().configured();
    }

    @Override
    public SourceSettings settings() {
        return target().settings();
    }

    /** The built provider's editor; only an editable provider is ever deferred. */
    @Override
    public EditableSource editor() {
        if (target() instanceof Editable editable) {
            return editable.editor();
        }
        throw new UnsupportedOperationException("the " + name + " provider cannot be edited");
    }

    @Override
    public void refresh() {
        if (target != null) {
            target.refresh();
        }
    }

    @Override
    public void close() throws Exception {
        if (target instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "DeferredProvider[" + name + (target == null ? ", not built" : ", " + target) + "]";
    }
}
