package io.secretdesk.core.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One key's entry in a {@link TtlCache}: its current slot, and its place in the recency list. Readers touch
 * only {@code slot}; the list's links live in {@link Recency}'s arrays, so replaying uses does not write to
 * the memory that readers on other cores are reading.
 *
 * @param <V> the type of values
 */
final class Node<V> {
    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(Node.class, "slot", Slot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String key;
    volatile Slot<V> slot;
    /** Position in {@link Recency}, or -1 once removed; guarded by the cache's lock. */
    int index = -1;

    Node(String key, Slot<V> slot) {
        this.key = key;
        this.slot = slot;
    }

    /** Swaps {@code expected} for {@code next}; false when the slot changed meanwhile. */
    boolean compareAndSetSlot(Slot<V> expected, Slot<V> next) {
        return SLOT.compareAndSet(this, expected, next);
    }

    /** Swaps in a new slot unless the node has left the cache. */
    boolean replace(Slot<V> next) {
        for (;;) {
            Slot<V> current = slot;
            if (current == Slot.RETIRED) {
                return false;
            }
            if (SLOT.compareAndSet(this, current, next)) {
                return true;
            }
        }
    }

    /** Marks the node as having left the cache if its slot is still {@code expected}. */
    boolean retireIf(Slot<V> expected) {
        return SLOT.compareAndSet(this, expected, Slot.RETIRED);
    }

    /** Marks the node as having left the cache and returns the slot it had. */
    @SuppressWarnings("unchecked")
    Slot<V> retire() {
        return (Slot<V>) SLOT.getAndSet(this, Slot.RETIRED);
    }

    /** Marks the node as having left the cache, whatever its slot. */
    void markRetired() {
        SLOT.setVolatile(this, Slot.RETIRED);
    }
}
