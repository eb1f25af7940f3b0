package io.secretdesk.core.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * The result of checking the audit chain, in SimpleTuner's terms ({@code valid}, {@code entries_checked},
 * {@code broken_links}, {@code first_id}, {@code last_id}) plus SecretDesk's high-water mark.
 *
 * @param brokenLinks  every entry that does not check out, oldest first (SimpleTuner's {@code broken_links})
 * @param markProblem  what SecretDesk's mark found (deleted newest entries, a replaced log), or "" when nothing
 */
public record ChainVerification(long entriesChecked, long firstId, long lastId, List<BrokenLink> brokenLinks,
                                String markProblem) {

    public ChainVerification {
        brokenLinks = List.copyOf(brokenLinks);
    }

    /**
     * One entry that does not check out.
     *
     * @param problem {@code previous_hash_mismatch} (the link to the entry before is broken) or {@code hash_mismatch}
     *                (the entry's fields do not match its hash: edited, or written with another key)
     */
    public record BrokenLink(long id, String problem) {
    }

    /** Whether every link, every hash and the mark check out. */
    public boolean intact() {
        return brokenLinks.isEmpty() && markProblem.isEmpty();
    }

    /** How many entries checked out before the first problem (all of them when intact). */
    public long entriesVerified() {
        if (brokenLinks.isEmpty()) {
            return entriesChecked;
        }
        return Math.max(0, brokenLinks.get(0).id() - firstId);
    }

    /** The id of the first entry that does not check out. */
    public OptionalLong firstBroken() {
        return brokenLinks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(brokenLinks.get(0).id());
    }

    /** What is wrong, one line for people ("" when intact). */
    public String problem() {
        if (!brokenLinks.isEmpty()) {
            BrokenLink first = brokenLinks.get(0);
            String what = first.problem().equals("hash_mismatch")
                    ? "does not match its hash: it was edited, or written with another audit key"
                    : "does not follow the entry before it: an entry was deleted or replaced";
            return "entry " + first.id() + " " + what + " (" + brokenLinks.size() + " broken link"
                    + (brokenLinks.size() == 1 ? "" : "s") + " in all; the log was left as it is)";
        }
        return markProblem;
    }

    ChainVerification withMarkProblem(String problem) {
        return new ChainVerification(entriesChecked, firstId, lastId, brokenLinks, problem);
    }
}
