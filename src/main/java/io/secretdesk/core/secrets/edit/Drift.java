package io.secretdesk.core.secrets.edit;

import io.secretdesk.core.secrets.ProviderId;
import io.secretdesk.core.secrets.Resolution;
import io.secretdesk.core.secrets.SecretProvider;
import io.secretdesk.core.secrets.SecretsManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keys whose values differ between sources, and keys missing from a source, found by comparing SHA-256 digests in
 * memory: no value and no digest leaves this class. Each source's value gets a letter, in chain order: sources that
 * share a letter hold the same value. The environment is not expected to hold every key, so a key missing there is
 * not drift; missing from any other source that answered is.
 *
 * @param sources the sources compared, in chain order (those set up)
 * @param rows    one row per key any source holds, sorted by key
 */
public record Drift(List<String> sources, List<Row> rows) {

    /** The cell of a source that does not hold the key. */
    public static final String MISSING = "-";
    /** The cell of a source that could not answer. */
    public static final String UNAVAILABLE = "?";

    /**
     * One key: per source a letter (same letter, same value), {@link #MISSING} or {@link #UNAVAILABLE}.
     *
     * @param drifted whether the sources disagree or one that answered lacks the key
     */
    public record Row(String key, Map<String, String> cells, boolean drifted) {
        public Row {
            cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
        }
    }

    public Drift {
        sources = List.copyOf(sources);
        rows = List.copyOf(rows);
    }

    /** The rows that drift. */
    public List<Row> drifted() {
        return rows.stream().filter(Row::drifted).toList();
    }

    /**
     * Compares {@code resolutions} (from {@code chain}) over the chain's sources that are set up, with the environment
     * and the file always among them. Asks no source anything: {@link SecretProvider#configured()} only.
     */
    public static Drift over(SecretsManager chain, List<Resolution> resolutions) {
        return of(resolutions, compared(chain));
    }

    /** The sources {@link #over} compares: those of {@code chain} set up, the environment and the file always. */
    public static List<String> compared(SecretsManager chain) {
        List<String> compared = new ArrayList<>();
        for (SecretProvider provider : chain.chain()) {
            if (ProviderId.isAny(provider.name(), ProviderId.ENV, ProviderId.FILE) || configured(provider)) {
                compared.add(provider.name());
            }
        }
        return List.copyOf(compared);
    }

    private static boolean configured(SecretProvider provider) {
        try {
            return provider.configured();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Compares the resolutions of every key over {@code sources} (provider names, chain order). */
    public static Drift of(List<Resolution> resolutions, List<String> sources) {
        Set<String> compared = Set.copyOf(sources);
        List<Row> rows = new ArrayList<>();
        for (Resolution resolution : resolutions) {
            Map<String, String> cells = new LinkedHashMap<>();
            List<byte[]> groups = new ArrayList<>();
            boolean missing = false;
            for (Resolution.Outcome outcome : resolution.outcomes()) {
                if (!compared.contains(outcome.provider())) {
                    continue;
                }
                switch (outcome.status()) {
                    case SUPPLIES, SHADOWED -> {
                        byte[] digest = sha256(outcome.value());
                        int group = -1;
                        for (int g = 0; g < groups.size(); g++) {
                            if (MessageDigest.isEqual(groups.get(g), digest)) {
                                group = g;
                            }
                        }
                        if (group < 0) {
                            groups.add(digest);
                            group = groups.size() - 1;
                        }
                        cells.put(outcome.provider(), String.valueOf((char) ('A' + Math.min(group, 25))));
                    }
                    case LACKS -> {
                        cells.put(outcome.provider(), MISSING);
                        missing |= !outcome.is(ProviderId.ENV);
                    }
                    default -> cells.put(outcome.provider(), UNAVAILABLE);
                }
            }
            if (!groups.isEmpty()) {
                groups.forEach(g -> Arrays.fill(g, (byte) 0));
                rows.add(new Row(resolution.key(), cells, groups.size() > 1 || missing));
            }
        }
        return new Drift(sources, rows);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
