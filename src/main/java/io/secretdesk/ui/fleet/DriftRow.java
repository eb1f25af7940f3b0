package io.secretdesk.ui.fleet;

import java.util.Map;

/** One config key or price that differs between servers, with each server's value as shown (secrets masked). */
public record DriftRow(String section, String key, Map<String, String> values) {

    /** "gpu1: 50.0 · gpu2: 20.0". */
    public String valuesText() {
        StringBuilder text = new StringBuilder();
        values.forEach((server, value) -> text.append(text.length() == 0 ? "" : "  ·  ").append(server).append(": ").append(value));
        return text.toString();
    }
}
