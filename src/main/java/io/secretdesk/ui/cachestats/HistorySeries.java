package io.secretdesk.ui.cachestats;

import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;

/**
 * One chart series drawn from a {@link History}: a fixed pool of data points, one per age, each with a
 * fixed x (seconds ago, negative) and a y set in place.
 *
 * <p>The series never holds more points than the history's capacity and never makes a point after the
 * pool is built: a redraw only sets the y of points whose value changed (so an idle cache costs nothing,
 * not even a chart layout), and adds or removes pooled points at the old end while a history fills up
 * or when the selection moves to a cache with a shorter one. The list is kept in ascending x, so the chart
 * can skip sorting. FX thread only.
 */
final class HistorySeries {

    /** Which value of a sample the series shows. */
    enum Measure {
        /** The hit rate, from 0 to 1; only the samples after the cache's first read. */
        HIT_RATE,
        /** Entries held. */
        SIZE
    }

    private final Measure measure;
    private final XYChart.Series<Number, Number> series = new XYChart.Series<>();
    private final XYChart.Data<Number, Number>[] pool;
    private double max;

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array, filled here and never handed out
    HistorySeries(String name, Measure measure, int capacity, double secondsPerSample) {
        this.measure = measure;
        series.setName(name);
        pool = new XYChart.Data[capacity];
        for (int age = 0; age < capacity; age++) {
            pool[age] = new XYChart.Data<>(-age * secondsPerSample, 0.0);
        }
    }

    XYChart.Series<Number, Number> series() {
        return series;
    }

    /** The largest value shown by the last {@link #show}; 0 when nothing is shown. */
    double max() {
        return max;
    }

    /** Shows {@code history} (null shows nothing). */
    void show(History history) {
        int count = history == null ? 0 : Math.min(pool.length,
                measure == Measure.HIT_RATE ? history.hitRateCount() : history.count());
        ObservableList<XYChart.Data<Number, Number>> data = series.getData();
        int shown = data.size();
        max = 0;
        for (int age = 0; age < count; age++) {
            double value = measure == Measure.HIT_RATE ? history.hitRate(age) : history.size(age);
            max = Math.max(max, value);
            XYChart.Data<Number, Number> point = pool[age];
            if (point.getYValue().doubleValue() != value) {
                point.setYValue(value);
            }
        }
        if (count > shown) {
            // The oldest first in the list: each older point goes in at the front.
            for (int age = shown; age < count; age++) {
                data.add(0, pool[age]);
            }
        } else if (count < shown) {
            data.remove(0, shown - count);
        }
        // LineChart keeps the last path it drew when every point goes: a cache never read would show the line of
        // the cache selected before it. Nothing drawn when there is nothing to draw.
        if (series.getNode() != null) {
            series.getNode().setVisible(count > 0);
        }
    }
}
