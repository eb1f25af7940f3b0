package io.secretdesk.ui.shell;

import atlantafx.base.theme.CupertinoDark;
import atlantafx.base.theme.CupertinoLight;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;
import javafx.application.Application;

/** The AtlantaFX themes the console offers, by the name people see. */
public enum ThemeChoice {
    PRIMER_LIGHT("Primer Light", new PrimerLight()),
    PRIMER_DARK("Primer Dark", new PrimerDark()),
    CUPERTINO_LIGHT("Cupertino Light", new CupertinoLight()),
    CUPERTINO_DARK("Cupertino Dark", new CupertinoDark());

    private final String label;
    private final Theme theme;

    ThemeChoice(String label, Theme theme) {
        this.label = label;
        this.theme = theme;
    }

    public String label() {
        return label;
    }

    public boolean dark() {
        return theme.isDarkMode();
    }

    /** The theme's stylesheet; the binary form, which JavaFX parses faster at start-up. */
    public String stylesheet() {
        return theme.getUserAgentStylesheetBSS();
    }

    /**
     * Makes this the user-agent stylesheet of the whole JVM. Call on the FX thread, and before the first
     * control is created at start-up, so JavaFX does not parse its default theme for nothing.
     */
    public void apply() {
        Application.setUserAgentStylesheet(stylesheet());
    }

    @Override
    public String toString() {
        return label;
    }
}
