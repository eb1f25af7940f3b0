package io.secretdesk.ui.cachestats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

/** The chart series over a history: bounded, its points reused, set only when their value changed. */
class HistorySeriesTest {

    private static List<Number> xs(HistorySeries series) {
        return series.series().getData().stream().map(XYChart.Data::getXValue).toList();
    }

    private static List<Double> ys(HistorySeries series) {
        return series.series().getData().stream().map(d -> d.getYValue().doubleValue()).toList();
    }

    @Test
    void showsTheSamplesOldestFirstWithXInSecondsAgo() {
        History history = new History(300);
        history.add(0.5, 1);
        history.add(0.75, 2);
        history.add(1.0, 4);
        HistorySeries sizes = new HistorySeries("Entries", HistorySeries.Measure.SIZE, 300, 1);
        HistorySeries rates = new HistorySeries("Hit rate", HistorySeries.Measure.HIT_RATE, 300, 1);

        sizes.show(history);
        rates.show(history);

        assertThat(xs(sizes)).extracting(Number::doubleValue).containsExactly(-2.0, -1.0, 0.0);
        assertThat(ys(sizes)).containsExactly(1.0, 2.0, 4.0);
        assertThat(ys(rates)).containsExactly(0.5, 0.75, 1.0);
        assertThat(sizes.max()).isEqualTo(4.0);
    }

    @Test
    void staysWithinTheRingAndReusesItsPointsHoweverLongItRuns() {
        History history = new History(300);
        HistorySeries sizes = new HistorySeries("Entries", HistorySeries.Measure.SIZE, 300, 1);
        Set<XYChart.Data<Number, Number>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        for (int i = 0; i < 1000; i++) {
            history.add(1.0, i);
            sizes.show(history);
            seen.addAll(sizes.series().getData());
        }

        assertThat(sizes.series().getData()).hasSize(300);
        assertThat(seen).as("no point made after the pool").hasSize(300);
        assertThat(ys(sizes).get(299)).isEqualTo(999.0);
        assertThat(ys(sizes).get(0)).isEqualTo(700.0);
    }

    @Test
    void anUnchangedHistoryTouchesNothingAndAShorterOneDropsTheOldestPoints() {
        History history = new History(10);
        for (int i = 0; i < 5; i++) {
            history.add(1.0, 3);
        }
        HistorySeries sizes = new HistorySeries("Entries", HistorySeries.Measure.SIZE, 10, 1);
        sizes.show(history);
        AtomicInteger listChanges = new AtomicInteger();
        sizes.series().getData().addListener((ListChangeListener<XYChart.Data<Number, Number>>) c -> listChanges.incrementAndGet());
        List<Integer> ySets = new ArrayList<>();
        sizes.series().getData().forEach(d -> d.YValueProperty().addListener(obs -> ySets.add(1)));

        history.add(1.0, 3); // a sixth equal sample: one more point, no value changed
        sizes.show(history);
        assertThat(listChanges).hasValue(1);
        assertThat(ySets).isEmpty();

        History shorter = new History(10);
        shorter.add(Double.NaN, 0);
        shorter.add(0.5, 1);
        sizes.show(shorter);
        assertThat(ys(sizes)).containsExactly(0.0, 1.0);

        HistorySeries rates = new HistorySeries("Hit rate", HistorySeries.Measure.HIT_RATE, 10, 1);
        rates.show(shorter);
        assertThat(ys(rates)).as("no point before the first read").containsExactly(0.5);
        rates.show(null);
        assertThat(rates.series().getData()).isEmpty();
        assertThat(rates.max()).isZero();
    }
}
