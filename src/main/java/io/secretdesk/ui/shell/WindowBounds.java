package io.secretdesk.ui.shell;

/** Where the main window was and how big, remembered between runs; x and y are NaN when never placed. */
public record WindowBounds(double x, double y, double width, double height, boolean maximized) {

    static final double MIN_WIDTH = 800;
    static final double MIN_HEIGHT = 560;

    /** The size of a first run. */
    public static final WindowBounds DEFAULT = new WindowBounds(Double.NaN, Double.NaN, 1100, 720, false);

    /** Whether a position was remembered (a first run has none and lets the window system place it). */
    public boolean placed() {
        return Double.isFinite(x) && Double.isFinite(y);
    }
}
