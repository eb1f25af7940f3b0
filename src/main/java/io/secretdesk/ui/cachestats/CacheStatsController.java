package io.secretdesk.ui.cachestats;

import io.secretdesk.ui.shell.ShellPage;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * Binds the Cache Stats page ({@code CacheStatsView.fxml}) to its {@link CacheStatsViewModel}: the cache
 * table, the history charts, the key list and the clear / invalidate actions. Holds no state beyond the
 * nodes and the charts' pooled points; starts the view model's tick once the page is built.
 */
public final class CacheStatsController implements ShellPage {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
    private static final double SECONDS_PER_SAMPLE = CacheStatsViewModel.TICK.toMillis() / 1000.0;

    private final CacheStatsViewModel model;
    private final HistorySeries hitRateSeries = new HistorySeries("Hit rate", HistorySeries.Measure.HIT_RATE,
            CacheStatsViewModel.HISTORY_SIZE, SECONDS_PER_SAMPLE);
    private final HistorySeries sizeSeries = new HistorySeries("Entries", HistorySeries.Measure.SIZE,
            CacheStatsViewModel.HISTORY_SIZE, SECONDS_PER_SAMPLE);

    @FXML private VBox root;
    @FXML private TableView<CacheRow> cacheTable;
    @FXML private TableColumn<CacheRow, String> nameColumn;
    @FXML private TableColumn<CacheRow, CacheRow> sizeColumn;
    @FXML private TableColumn<CacheRow, CacheRow> maxSizeColumn;
    @FXML private TableColumn<CacheRow, CacheRow> hitsColumn;
    @FXML private TableColumn<CacheRow, CacheRow> missesColumn;
    @FXML private TableColumn<CacheRow, CacheRow> hitRateColumn;
    @FXML private TableColumn<CacheRow, CacheRow> expiredColumn;
    @FXML private TableColumn<CacheRow, CacheRow> evictionsColumn;
    @FXML private TableColumn<CacheRow, CacheRow> defaultTtlColumn;
    @FXML private Button clearButton;
    @FXML private TextField prefixField;
    @FXML private Button invalidateButton;
    @FXML private Label messageLabel;
    @FXML private HBox confirmBox;
    @FXML private Label confirmLabel;
    @FXML private Label historyTitle;
    @FXML private Label detailsLabel;
    @FXML private LineChart<Number, Number> hitRateChart;
    @FXML private LineChart<Number, Number> sizeChart;
    @FXML private NumberAxis hitRateTime;
    @FXML private NumberAxis hitRateAxis;
    @FXML private NumberAxis sizeTime;
    @FXML private NumberAxis sizeAxis;
    @FXML private Label keysTitle;
    @FXML private TableView<KeyRow> keyTable;
    @FXML private TableColumn<KeyRow, String> keyColumn;
    @FXML private TableColumn<KeyRow, KeyRow> timeLeftColumn;

    public CacheStatsController(CacheStatsViewModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Runs {@code tick} every {@code period} on the FX thread with a timeline, until the returned action is
     * run: the view model's repeater in the console.
     */
    public static Runnable repeatOnFxThread(Duration period, Runnable tick) {
        Timeline timeline = new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), event -> tick.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        timeline.play();
        return timeline::stop;
    }

    @FXML
    private void initialize() {
        nameColumn.setCellValueFactory(cell -> cell.getValue().nameProperty());
        Function<Number, String> count = n -> CacheStatsFormat.count(n.longValue());
        live(sizeColumn, CacheRow::sizeProperty, count);
        live(maxSizeColumn, CacheRow::maxSizeProperty, count);
        live(hitsColumn, CacheRow::hitsProperty, count);
        live(missesColumn, CacheRow::missesProperty, count);
        live(hitRateColumn, CacheRow::hitRateProperty, n -> CacheStatsFormat.hitRate(n.doubleValue()));
        live(expiredColumn, CacheRow::expiredProperty, count);
        live(evictionsColumn, CacheRow::evictionsProperty, count);
        live(defaultTtlColumn, CacheRow::defaultTtlProperty, CacheStatsFormat::duration);
        cacheTable.setItems(model.rows());
        cacheTable.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (row != null) {
                model.select(row);
            }
        });
        model.selectedProperty().addListener((obs, old, row) -> showSelection(row));

        clearButton.disableProperty().bind(model.selectedProperty().isNull());
        invalidateButton.disableProperty().bind(model.selectedProperty().isNull());
        prefixField.disableProperty().bind(model.selectedProperty().isNull());
        prefixField.textProperty().bindBidirectional(model.prefixProperty());
        messageLabel.textProperty().bind(Bindings.when(model.errorProperty().isEmpty())
                .then(model.messageProperty()).otherwise(model.errorProperty()));
        // Both stay managed, so their shared line keeps its height whether either shows (the charts never move).
        messageLabel.visibleProperty().bind(messageLabel.textProperty().isNotEmpty().and(model.confirmingClearProperty().not()));
        model.errorProperty().addListener((obs, old, now) -> messageLabel.pseudoClassStateChanged(ERROR, !now.isEmpty()));
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(messageLabel.textProperty());
        whole.setWrapText(true);
        whole.setMaxWidth(480);
        messageLabel.setTooltip(whole);

        confirmBox.visibleProperty().bind(model.confirmingClearProperty());
        confirmLabel.textProperty().bind(model.confirmTextProperty());
        root.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ESCAPE && model.confirmingClearProperty().get()) {
                model.cancelClear();
                event.consume();
            }
        });

        // Set here: FXML builds a chart through its constructor's named arguments and drops a styleClass attribute.
        hitRateChart.getStyleClass().addAll("history-chart", "hit-rate-chart");
        sizeChart.getStyleClass().addAll("history-chart", "size-chart");
        hitRateChart.getData().add(hitRateSeries.series());
        sizeChart.getData().add(sizeSeries.series());
        // The points are kept in ascending x by HistorySeries, so the charts need not sort them on every layout.
        hitRateChart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        sizeChart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        StringConverter<Number> ago = converter(x -> CacheStatsFormat.secondsAgo(x.doubleValue()));
        hitRateTime.setTickLabelFormatter(ago);
        sizeTime.setTickLabelFormatter(ago);
        // Hit rates are charted from 0 to 1, not 0 to 100: the top tick's position is then exactly 0, where with
        // 100 it can round to a hair below and the axis hides its label.
        hitRateAxis.setTickLabelFormatter(converter(y -> Math.round(y.doubleValue() * 100) + " %"));
        sizeAxis.setTickLabelFormatter(converter(y -> y.doubleValue() == Math.rint(y.doubleValue())
                ? CacheStatsFormat.count(Math.round(y.doubleValue())) : ""));
        // An invalidation listener: a change listener would box the old and new value on every tick.
        model.historyVersionProperty().addListener(obs -> {
            model.historyVersionProperty().get();
            redraw();
        });
        detailsLabel.textProperty().bind(model.detailsProperty());

        keyColumn.setCellValueFactory(cell -> cell.getValue().keyProperty());
        live(timeLeftColumn, KeyRow::secondsLeftProperty, n -> CacheStatsFormat.timeLeft(n.longValue()));
        keyTable.setItems(model.keys());
        keysTitle.textProperty().bind(Bindings.createStringBinding(
                () -> "Keys with time left (" + CacheStatsFormat.count(model.keys().size()) + ")", model.keys()));

        root.sceneProperty().addListener((obs, old, scene) -> model.setShowing(scene != null));
        showSelection(model.selectedProperty().get());
        model.start();
    }

    private void showSelection(CacheRow row) {
        if (row == null) {
            cacheTable.getSelectionModel().clearSelection();
            historyTitle.setText("Select a cache to see its history and keys");
        } else {
            if (cacheTable.getSelectionModel().getSelectedItem() != row) {
                cacheTable.getSelectionModel().select(row);
            }
            historyTitle.setText(row.name() + " · last 5 minutes");
        }
        redraw();
    }

    private void redraw() {
        History history = model.selectedHistory();
        hitRateSeries.show(history);
        sizeSeries.show(history);
        // An empty cache would auto-range to a lone "0"; give it a small fixed scale instead.
        boolean empty = sizeSeries.max() == 0;
        if (sizeAxis.isAutoRanging() == empty) {
            sizeAxis.setAutoRanging(!empty);
        }
    }

    /** A column whose cells follow one property of their row by themselves (see {@link LiveCell}). */
    private static <S, T> void live(TableColumn<S, S> column, Function<S, ObservableValue<T>> property,
                                    Function<? super T, String> format) {
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        column.setCellFactory(c -> new LiveCell<>(property, format));
    }

    private static StringConverter<Number> converter(Function<Number, String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n == null ? "" : format.apply(n);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException("axis labels are not parsed");
            }
        };
    }

    @FXML
    private void requestClear() {
        model.requestClear();
    }

    @FXML
    private void confirmClear() {
        model.confirmClear();
    }

    @FXML
    private void cancelClear() {
        model.cancelClear();
    }

    @FXML
    private void invalidatePrefix() {
        model.invalidatePrefix();
    }

    @Override
    public Node view() {
        return root;
    }

    @Override
    public void refresh() {
        model.tick();
    }

    @Override
    public void dismissNotices() {
        model.dismissNotices();
    }
}
