package io.secretdesk.ui.secrets;

import io.secretdesk.ui.common.ClipboardGuard;

/** A text clipboard in memory, for the view model's tests. */
final class MemoryClipboard implements ClipboardGuard.TextClipboard {

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

    boolean holds(String value) {
        return value.equals(text);
    }

    boolean empty() {
        return text == null;
    }
}
