package io.secretdesk.core.target;

import java.util.List;

/**
 * How a target is, check by check.
 *
 * @param target the target's name
 * @param checks each check, in the order people read them
 */
public record HealthReport(String target, List<Check> checks) {

    public HealthReport {
        checks = List.copyOf(checks);
    }

    /** The state of one check. */
    public enum State { OK, WARNING, FAILED }

    /**
     * One check.
     *
     * @param name   what was checked ("jobs.db", "audit chain", "server")
     * @param detail what was found, and what to do when it is not OK
     */
    public record Check(String name, State state, String detail) {
    }

    /** The worst state of all checks. */
    public State overall() {
        State worst = State.OK;
        for (Check check : checks) {
            if (check.state().ordinal() > worst.ordinal()) {
                worst = check.state();
            }
        }
        return worst;
    }
}
