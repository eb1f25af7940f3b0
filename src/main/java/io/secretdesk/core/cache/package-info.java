/**
 * In-memory caches with per-key time-to-live and least-recently-used eviction ({@link io.secretdesk.core.cache.TtlCache}),
 * their statistics, the process's named caches ({@link io.secretdesk.core.cache.Caches}) and a memoizer.
 */
package io.secretdesk.core.cache;
