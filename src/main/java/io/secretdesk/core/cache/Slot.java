package io.secretdesk.core.cache;

/**
 * A value of a {@link TtlCache} and the time it expires; immutable, so a reader never sees one without the other.
 *
 * @param <V> the type of values
 */
final class Slot<V> {
    /** The slot of a node that has left the cache; its null value reads as absent. */
    static final Slot<Object> RETIRED = new Slot<>(null, 0L);

    final V value;
    final long expiresAt;

    Slot(V value, long expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }
}
