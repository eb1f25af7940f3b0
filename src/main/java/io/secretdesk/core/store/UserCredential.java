package io.secretdesk.core.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One per-user provider credential in SimpleTuner's {@code provider_credentials}: everything but its value.
 *
 * @param username  the user's name, or null when the user row is gone
 * @param updatedAt null when never updated since it was created
 */
public record UserCredential(long id, long userId, String username, String provider, String name, boolean active,
                             Instant createdAt, Instant updatedAt, Instant lastUsedAt) {

    /** SimpleTuner's stale-credential report's default ({@code routes/cloud/users.py}: 90 days). */
    public static final Duration STALE_AFTER = Duration.ofDays(90);

    /** When the value was last set: updated, else created. */
    public Instant lastSet() {
        return updatedAt != null ? updatedAt : createdAt;
    }

    /** Days since the value was last set, or -1 when the row has no readable time. */
    public long ageDays(Instant now) {
        Instant set = lastSet();
        return set == null ? -1 : Duration.between(set, now).toDays();
    }

    /**
     * Whether the value was last set more than 90 days ago. Unlike SimpleTuner's report, which looks at
     * {@code updated_at} only, a row never updated counts from its creation: it is the oldest kind of all.
     */
    public boolean stale(Instant now) {
        Instant set = lastSet();
        return set != null && set.isBefore(now.minus(STALE_AFTER));
    }

    /** Who, for people. */
    public String user() {
        return username != null ? username : "user #" + userId;
    }
}
