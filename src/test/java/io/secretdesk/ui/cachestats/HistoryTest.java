package io.secretdesk.ui.cachestats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The ring of samples behind the history chart. */
class HistoryTest {

    @Test
    void keepsTheNewestSamplesUpToItsCapacity() {
        History history = new History(3);
        for (int i = 1; i <= 7; i++) {
            history.add(i / 10.0, i);
        }

        assertThat(history.count()).isEqualTo(3);
        assertThat(history.size(0)).isEqualTo(7);
        assertThat(history.size(1)).isEqualTo(6);
        assertThat(history.size(2)).isEqualTo(5);
        assertThat(history.hitRate(2)).isEqualTo(0.5);
        assertThatThrownBy(() -> history.size(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void countsOnlyTheNewestSamplesThatHaveAHitRate() {
        History history = new History(5);
        history.add(Double.NaN, 0);
        history.add(Double.NaN, 1);
        history.add(0.5, 1);
        history.add(0.75, 2);

        assertThat(history.count()).isEqualTo(4);
        assertThat(history.hitRateCount()).isEqualTo(2);
    }

    @Test
    void clearEmptiesItAndItFillsAgain() {
        History history = new History(2);
        history.add(1, 1);
        history.add(1, 2);
        history.clear();
        assertThat(history.count()).isZero();

        history.add(0.25, 9);
        assertThat(history.count()).isEqualTo(1);
        assertThat(history.size(0)).isEqualTo(9);
    }

    @Test
    void replaceNewestChangesTheLastSampleOnly() {
        History history = new History(3);
        history.replaceNewest(0.1, 1);
        assertThat(history.count()).as("an empty history gets its first sample").isEqualTo(1);
        history.add(0.2, 2);
        history.replaceNewest(0.3, 3);

        assertThat(history.count()).isEqualTo(2);
        assertThat(history.size(0)).isEqualTo(3);
        assertThat(history.size(1)).isEqualTo(1);
    }

    @Test
    void aHistoryOfNoSamplesIsRefused() {
        assertThatThrownBy(() -> new History(0)).hasMessage("a history holds at least one sample, got 0");
    }
}
