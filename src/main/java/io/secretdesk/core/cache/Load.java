package io.secretdesk.core.cache;

import java.util.concurrent.CompletableFuture;

/**
 * A load in progress for one key of a {@link TtlCache}: its outcome, and whether the key was invalidated meanwhile.
 *
 * @param <V> the type of values
 */
final class Load<V> {
    final CompletableFuture<V> future = new CompletableFuture<>();
    volatile boolean invalidated;
}
