package io.secretdesk.ui.secrets;

import io.secretdesk.ui.common.ClipboardGuard;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/** The real system clipboard, for a ClipboardGuard the test drives with its own clock. Call on the FX thread. */
final class SystemTextClipboard implements ClipboardGuard.TextClipboard {

    @Override
    public String text() {
        Clipboard system = Clipboard.getSystemClipboard();
        return system.hasString() ? system.getString() : null;
    }

    @Override
    public void put(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public void clear() {
        Clipboard.getSystemClipboard().clear();
    }
}
