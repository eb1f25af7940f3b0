package io.secretdesk.core.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one-time move of provider configs an earlier SecretDesk kept in its own console.db (where SimpleTuner never saw
 * them) into SimpleTuner's jobs.db. Never silent: {@link #plan} says what would happen; {@link #apply} imports the
 * providers SimpleTuner has no config for, replaces a SimpleTuner config only for the providers the operator names,
 * and audits each import. An imported (or discarded) row leaves console.db in the same step, so the import is done
 * once; a row that is neither stays, and is reported again.
 */
public final class ConsoleDbImport {

    /** What would happen to one provider. */
    public enum Status {
        /** SimpleTuner has no config for it: imported by {@link #apply}. */
        NEW,
        /** SimpleTuner's config is the same: the console.db copy is dropped. */
        SAME,
        /** SimpleTuner has another config: kept unless the operator says to replace it (or discard the old one). */
        CONFLICT,
        /** The console.db copy is not a JSON object: never imported; discard it or fix it by hand. */
        UNREADABLE
    }

    /**
     * One provider of the plan.
     *
     * @param consoleUpdatedAt when the console.db copy was last written (may be null)
     * @param simpleTunerUpdatedAt when SimpleTuner's config was last written, or null when it has none
     */
    public record Item(String provider, Status status, String consoleUpdatedAt, String simpleTunerUpdatedAt) {
    }

    /** What {@link #apply} did. */
    public record Result(List<String> imported, List<String> replaced, List<String> dropped, List<Item> left) {
    }

    private final ConsoleStore store;

    public ConsoleDbImport(ConsoleStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** What an import would do, provider by provider; empty when console.db holds no provider config. */
    public List<Item> plan() {
        Map<String, String[]> legacy = legacyRows();
        List<Item> items = new ArrayList<>();
        legacy.forEach((provider, row) -> items.add(item(provider, row)));
        return items;
    }

    /**
     * Imports every {@link Status#NEW} provider, replaces SimpleTuner's config of the {@code replace} providers with
     * the console.db copy, and drops the console.db copies of imported, identical and {@code discard} providers.
     */
    public Result apply(Set<String> replace, Set<String> discard) {
        List<String> imported = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<Item> left = new ArrayList<>();
        Map<String, String[]> legacy = legacyRows();
        for (String name : replace) {
            if (!legacy.containsKey(name)) {
                throw new IllegalArgumentException("console.db has no provider config " + name + "; nothing was changed");
            }
        }
        for (Map.Entry<String, String[]> entry : legacy.entrySet()) {
            String provider = entry.getKey();
            Item item = item(provider, entry.getValue());
            boolean take = item.status() == Status.NEW || (item.status() == Status.CONFLICT && replace.contains(provider));
            if (take) {
                Map<String, Object> config = parse(entry.getValue()[0]);
                store.database().inTransaction(() -> {
                    store.configs().saveProviderConfig(provider, config);
                    dropLegacy(provider);
                    store.audit().append("provider_config.import", "provider:" + provider, Map.of("from",
                            store.database().file().toString(), "replaced", item.status() == Status.CONFLICT));
                });
                (item.status() == Status.NEW ? imported : replaced).add(provider);
            } else if (item.status() == Status.SAME || discard.contains(provider)) {
                store.database().inTransaction(() -> dropLegacy(provider));
                dropped.add(provider);
            } else {
                left.add(item);
            }
        }
        return new Result(imported, replaced, dropped, left);
    }

    private Item item(String provider, String[] row) {
        Map<String, Object> config;
        try {
            config = PythonJson.parseObject(row[0]);
        } catch (JsonProcessingException e) {
            return new Item(provider, Status.UNREADABLE, row[1], null);
        }
        String current = simpleTunerUpdatedAt(provider);
        if (current == null) {
            return new Item(provider, Status.NEW, row[1], null);
        }
        Map<String, Object> theirs;
        try {
            theirs = store.configs().getProviderConfig(provider);
        } catch (StoreException unreadable) {
            return new Item(provider, Status.CONFLICT, row[1], current);
        }
        return new Item(provider, Json.frozen(config).equals(theirs) ? Status.SAME : Status.CONFLICT, row[1], current);
    }

    private static Map<String, Object> parse(String text) {
        try {
            return PythonJson.parseObject(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checked in the plan", e);
        }
    }

    /** provider → [config, updated_at] of console.db's own provider_config table (empty when it has none). */
    private Map<String, String[]> legacyRows() {
        return store.database().withConnection("reading console.db's provider configs", connection -> {
            Map<String, String[]> rows = new LinkedHashMap<>();
            if (!Database.hasTable(connection, "main", "provider_config")) {
                return rows;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT provider, config, updated_at FROM provider_config "
                            + "ORDER BY provider")) {
                while (result.next()) {
                    rows.put(result.getString(1), new String[] {result.getString(2), result.getString(3)});
                }
            }
            return rows;
        });
    }

    private String simpleTunerUpdatedAt(String provider) {
        if (!java.nio.file.Files.exists(store.files().jobsDb())) {
            return null;
        }
        return store.configs().updatedAt(provider);
    }

    private void dropLegacy(String provider) {
        store.database().withConnection("dropping console.db's copy of a provider config", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM provider_config WHERE provider = ?")) {
                delete.setString(1, provider);
                return delete.executeUpdate();
            }
        });
    }
}
