package io.secretdesk.ui.usercredentials;

import io.secretdesk.core.store.UserCredential;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of the User Credentials table: a credential (never its value) with its times as people read them, its age
 * and whether it is stale, all as of when the table was read.
 *
 * @param created the day it was created ({@code ?} when unreadable); {@code updated} and {@code lastUsed} likewise, or
 *                {@code never}
 * @param times   every time of the row to the minute, with the zone (a tooltip)
 * @param age     e.g. {@code 12 d}, or {@code ?} when the row has no readable time
 * @param stale whether the value was last set more than 90 days ago ({@link UserCredential#stale})
 */
public record CredentialRow(UserCredential credential, String created, String updated, String lastUsed, String times,
                            long ageDays, String age, boolean stale) {

    public CredentialRow {
        Objects.requireNonNull(credential, "credential");
    }

    /** The row of {@code credential} as of {@code now}, its times shown in {@code zone}. */
    static CredentialRow of(UserCredential credential, Instant now, ZoneId zone) {
        DateTimeFormatter day = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(zone);
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone);
        String times = "Created " + shown(credential.createdAt(), minute, "?") + " · updated "
                + shown(credential.updatedAt(), minute, "never") + " · last used " + shown(credential.lastUsedAt(), minute, "never")
                + " (" + (zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getDisplayName(TextStyle.SHORT, Locale.ROOT)) + ")";
        long days = credential.ageDays(now);
        return new CredentialRow(credential, shown(credential.createdAt(), day, "?"), shown(credential.updatedAt(), day, "never"),
                shown(credential.lastUsedAt(), day, "never"), times, days, days < 0 ? "?" : days + " d", credential.stale(now));
    }

    private static String shown(Instant instant, DateTimeFormatter format, String none) {
        return instant == null ? none : format.format(instant);
    }

    /** The user's name, or {@code user #id} when the user row is gone. */
    public String user() {
        return credential.user();
    }

    public String provider() {
        return credential.provider();
    }

    public String name() {
        return credential.name();
    }

    public boolean active() {
        return credential.active();
    }

    /** Why the row is stale, for its badge's tooltip; empty when it is not. */
    public String staleReason() {
        if (!stale) {
            return "";
        }
        return "Last set " + ageDays + " days ago (" + (credential.updatedAt() == null ? "created, never updated" : "updated")
                + "); SimpleTuner counts a credential older than " + UserCredential.STALE_AFTER.toDays()
                + " days as stale. Set a new value to rotate it.";
    }

    /** How the row is named to people: {@code user2: replicate/api_token}. */
    public String label() {
        return user() + ": " + provider() + "/" + name();
    }

    /** The user as the store takes it: the id, so a row whose user name is gone or numeric is still found. */
    String userKey() {
        return Long.toString(credential.userId());
    }
}
