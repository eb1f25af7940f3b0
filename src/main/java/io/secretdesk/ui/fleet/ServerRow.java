package io.secretdesk.ui.fleet;

/**
 * One server as the fleet table shows it.
 *
 * @param open    whether anyone on its network gets in without a key (no users, or open routes off loopback: red)
 * @param access  what the open routes mean and what to do, or "routes need credentials"
 * @param restart the restart it still needs, or ""
 */
public record ServerRow(String name, String location, boolean reachable, String version, String health, String secrets,
                        String chain, boolean open, String access, String restart, String problem) {
}
