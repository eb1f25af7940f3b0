package io.secretdesk.core.secrets.edit;

import java.util.Objects;

/**
 * How two values of a key compare, told without showing either: whether they differ, whether they have the same
 * length, and how many leading characters they share ("prefix kept"). Lengths and the shared count are in
 * characters (code points).
 *
 * @param left   whether the first version holds the key
 * @param right  whether the second version holds the key
 * @param prefix how many leading characters both share (0 when either is absent)
 */
public record ValueDiff(boolean left, boolean right, boolean changed, int leftLength, int rightLength, int prefix) {

    /** Compares two values, either of which may be null (the key absent). */
    public static ValueDiff of(String a, String b) {
        if (a == null || b == null) {
            return new ValueDiff(a != null, b != null, !Objects.equals(a, b), length(a), length(b), 0);
        }
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length() && a.codePointAt(i) == b.codePointAt(j)) {
            shared++;
            i += Character.charCount(a.codePointAt(i));
            j += Character.charCount(b.codePointAt(j));
        }
        return new ValueDiff(true, true, !a.equals(b), length(a), length(b), shared);
    }

    public boolean sameLength() {
        return left && right && leftLength == rightLength;
    }

    /** One line for people: "same value", "changed, same length (40), first 3 characters kept", "added", ... */
    public String summary() {
        if (!left && !right) {
            return "absent in both";
        }
        if (!left) {
            return "added (" + rightLength + " characters)";
        }
        if (!right) {
            return "removed (was " + leftLength + " characters)";
        }
        if (!changed) {
            return "same value (" + leftLength + " characters)";
        }
        String length = sameLength() ? "same length (" + leftLength + ")" : "length " + leftLength + " -> " + rightLength;
        String kept = prefix == 0 ? "prefix differs" : "first " + prefix + (prefix == 1 ? " character" : " characters") + " kept";
        return "changed, " + length + ", " + kept;
    }

    private static int length(String value) {
        return value == null ? 0 : value.codePointCount(0, value.length());
    }
}
