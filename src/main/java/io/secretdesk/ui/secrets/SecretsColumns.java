package io.secretdesk.ui.secrets;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Text;

/**
 * Sizes the Secrets table's columns: source, shadows and actions as narrow as their content, the key column as wide
 * as the longest key (within reason), and the value column takes the rest but never less than its field needs. A
 * constrained resize policy gave every column the same share, so key names were cut at 1024 px while the value column
 * stayed a quarter empty. Recomputed when the table's width or the rows change.
 */
final class SecretsColumns {

    static final double SOURCE = 72;
    static final double SHADOWS = 86;
    static final double ACTIONS = 90; // edit, delete and the detail pane's history button (about 80 px)
    /** The least the drift column gets, while the Drift toggle shows it in place of Shadows and Value. */
    static final double DRIFT_MIN = 230;
    /**
     * The masked value with a token prefix ("hf_••••••••"), the eye with its countdown, the whole-value and copy buttons
     * (about 230 px). It was 246, which cut "AWS_SECRET_ACCESS_KEY" at 800 px wide (SecretsLayoutTest).
     */
    static final double VALUE_MIN = 232;
    static final double KEY_MIN = 120;
    /** Vertical scroll bar and borders. */
    private static final double CHROME = 18;
    private static final double CELL_PADDING = 26;

    private SecretsColumns() {
    }

    static void fit(TableView<SecretRow> table, Labeled fontSource, ObservableList<SecretRow> rows,
                    TableColumn<SecretRow, ?> key, TableColumn<SecretRow, ?> source, TableColumn<SecretRow, ?> shadows,
                    TableColumn<SecretRow, ?> value, TableColumn<SecretRow, ?> actions, TableColumn<SecretRow, ?> drift) {
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        for (TableColumn<SecretRow, ?> column : java.util.List.of(key, source, shadows, value, actions, drift)) {
            column.setResizable(false);
            column.setReorderable(false);
        }
        Runnable layout = () -> {
            double available = table.getWidth() - CHROME;
            if (available <= 0) {
                return;
            }
            double longest = 0;
            Text probe = new Text();
            probe.setFont(fontSource.getFont());
            for (SecretRow row : rows) {
                probe.setText(row.key());
                longest = Math.max(longest, probe.getLayoutBounds().getWidth());
            }
            if (drift.isVisible()) {
                // Drift: key, source, the letters per source and the row buttons; shadows and values are not shown.
                double keyWidth = Math.floor(Math.max(KEY_MIN, Math.min(longest + CELL_PADDING,
                        Math.max(KEY_MIN, available - SOURCE - ACTIONS - DRIFT_MIN))));
                key.setPrefWidth(keyWidth);
                source.setPrefWidth(SOURCE);
                drift.setPrefWidth(Math.max(DRIFT_MIN, available - SOURCE - ACTIONS - keyWidth));
                actions.setPrefWidth(ACTIONS);
                return;
            }
            double[] widths = widths(available, longest + CELL_PADDING);
            key.setPrefWidth(widths[0]);
            source.setPrefWidth(widths[1]);
            shadows.setPrefWidth(widths[2]);
            value.setPrefWidth(widths[3]);
            actions.setPrefWidth(widths[4]);
        };
        table.widthProperty().addListener(obs -> layout.run());
        drift.visibleProperty().addListener(obs -> layout.run());
        shadows.visibleProperty().addListener(obs -> layout.run());
        value.visibleProperty().addListener(obs -> layout.run());
        rows.addListener((ListChangeListener<SecretRow>) change -> layout.run());
        fontSource.fontProperty().addListener(obs -> layout.run());
        layout.run();
    }

    /**
     * The widths of key, source, shadows, value and actions in {@code available} pixels, for a longest key of
     * {@code keyWanted} pixels: the key gets what it wants up to half the room, the value the rest.
     */
    static double[] widths(double available, double keyWanted) {
        double fixed = SOURCE + SHADOWS + ACTIONS;
        double keyRoom = Math.max(KEY_MIN, available - fixed - VALUE_MIN);
        double keyWidth = Math.max(KEY_MIN, Math.min(keyWanted, Math.min(keyRoom, Math.max(available * 0.5, KEY_MIN))));
        double valueWidth = Math.max(VALUE_MIN, available - fixed - keyWidth);
        return new double[] {Math.floor(keyWidth), SOURCE, SHADOWS, Math.floor(valueWidth), ACTIONS};
    }
}
