package io.secretdesk.core.target;

/** What a target says about the Replicate API token SimpleTuner uses: write-only, so never its value. */
public final class ReplicateToken {

    private ReplicateToken() {
    }

    /**
     * The result of setting or deleting the token.
     *
     * @param done    whether it was stored (or removed)
     * @param where   where it went (the secrets file on the target's host), or null
     * @param problem what went wrong, or what the target warns about (e.g. stored but not valid); null when nothing
     * @param takesEffect when SimpleTuner sees it
     */
    public record Change(boolean done, String where, String problem, TakesEffect takesEffect) {
    }

    /**
     * Whether the token SimpleTuner would use works.
     *
     * @param valid   whether Replicate accepted it (or, on this host, whether one of the right form is set)
     * @param account Replicate's user name for it, or null
     * @param problem why not, or a note (null when valid and nothing to add)
     */
    public record Validation(boolean valid, String account, String problem) {
    }
}
