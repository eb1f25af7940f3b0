package io.secretdesk.ui.health;

/** One check as the Health page shows it: OK, WARNING or FAILED, what was checked, what was found. */
public record CheckRow(String state, String name, String detail) {
}
