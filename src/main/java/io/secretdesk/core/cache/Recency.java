package io.secretdesk.core.cache;

import java.util.Arrays;

/**
 * The recency order of a {@link TtlCache}, least recently used first, as a doubly linked list over positions
 * 0..max-1 kept in int arrays, with the size and counters; everything here is guarded by the cache's lock.
 * Kept apart from the cache object and the nodes, which readers read, so that its frequent writes do not
 * invalidate their cache lines. Arrays grow by doubling up to the maximum size.
 *
 * @param <V> the type of values
 */
final class Recency<V> {
    private static final int NIL = -1;

    private final int max;
    private Node<V>[] nodes;
    /** Position i's previous at 2i and next at 2i+1: one cache line holds both ends a move rewrites. */
    private int[] links;
    /** Freed positions, a stack. */
    private int[] free;
    private int freeCount;
    /** Positions below this have been used. */
    private int used;
    private int head = NIL;
    private int tail = NIL;
    /** Entries held; read without the lock by stats. */
    volatile int size;
    long evictionCount;
    long expiredRemovalCount;
    /** Where the hit and miss totals stood at the last {@link TtlCache#resetStats()}; stats count from there. */
    long hitsAtReset;
    long missesAtReset;

    Recency(int max) {
        this.max = max;
        allocate(Math.min(max, 64));
    }

    @SuppressWarnings("unchecked")
    private void allocate(int capacity) {
        Node<V>[] grown = (Node<V>[]) new Node<?>[capacity];
        if (nodes != null) {
            System.arraycopy(nodes, 0, grown, 0, nodes.length);
        }
        nodes = grown;
        links = links == null ? new int[2 * capacity] : Arrays.copyOf(links, 2 * capacity);
        free = free == null ? new int[capacity] : Arrays.copyOf(free, capacity);
    }

    void addLast(Node<V> node) {
        int i;
        if (freeCount > 0) {
            i = free[--freeCount];
        } else {
            if (used == nodes.length) {
                allocate((int) Math.min(max, 2L * nodes.length));
            }
            i = used++;
        }
        nodes[i] = node;
        node.index = i;
        linkLast(i);
        size = size + 1;
    }

    void remove(Node<V> node) {
        int i = node.index;
        if (i < 0) {
            return;
        }
        unlink(i);
        nodes[i] = null;
        node.index = NIL;
        free[freeCount++] = i;
        size = size - 1;
    }

    void moveToTail(Node<V> node) {
        int i = node.index;
        if (i < 0 || i == tail) {
            return;
        }
        unlink(i);
        linkLast(i);
    }

    Node<V> first() {
        return head == NIL ? null : nodes[head];
    }

    Node<V> after(Node<V> node) {
        int n = links[2 * node.index + 1];
        return n == NIL ? null : nodes[n];
    }

    void clear() {
        for (int i = head; i != NIL; i = links[2 * i + 1]) {
            nodes[i].index = NIL;
            nodes[i] = null;
        }
        head = NIL;
        tail = NIL;
        freeCount = 0;
        used = 0;
        size = 0;
    }

    private void unlink(int i) {
        int p = links[2 * i];
        int n = links[2 * i + 1];
        if (p == NIL) {
            head = n;
        } else {
            links[2 * p + 1] = n;
        }
        if (n == NIL) {
            tail = p;
        } else {
            links[2 * n] = p;
        }
    }

    private void linkLast(int i) {
        links[2 * i] = tail;
        links[2 * i + 1] = NIL;
        if (tail == NIL) {
            head = i;
        } else {
            links[2 * tail + 1] = i;
        }
        tail = i;
    }
}
