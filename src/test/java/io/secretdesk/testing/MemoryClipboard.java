package io.secretdesk.testing;

import io.secretdesk.ui.common.ClipboardGuard;

/** A text clipboard in memory, standing in for the system one in tests that need no toolkit. */
public final class MemoryClipboard implements ClipboardGuard.TextClipboard {

    private String text;

    @Override
    public String text() {
        return text;
    }

    @Override
    public void put(String text) {
        this.text = text;
    }

    @Override
    public void clear() {
        text = null;
    }

    /** Whether the clipboard holds exactly {@code value}; a boolean, so a failing assertion never prints a secret. */
    public boolean holds(String value) {
        return value.equals(text);
    }

    public boolean empty() {
        return text == null;
    }
}
