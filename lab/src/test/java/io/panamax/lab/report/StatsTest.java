package io.panamax.lab.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddlePair() {
        assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    }

    @Test
    void medianIgnoresNaNAndIsNaNWhenEmpty() {
        assertThat(Stats.median(Double.NaN, 5, 7)).isEqualTo(6);
        assertThat(Stats.median()).isNaN();
        assertThat(Stats.median(Double.NaN)).isNaN();
    }

    @Test
    void ratioIsNaNForZeroOrMissingDenominator() {
        assertThat(Stats.ratio(3, 2)).isEqualTo(1.5);
        assertThat(Stats.ratio(3, 0)).isNaN();
        assertThat(Stats.ratio(Double.NaN, 2)).isNaN();
        assertThat(Stats.formatRatio(Stats.ratio(3, 2))).isEqualTo("1.50x");
        assertThat(Stats.formatRatio(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void formatsRatesWithSeparatorsAndMillisecondsWithThreeDecimals() {
        assertThat(Stats.formatRps(3331112.5)).isEqualTo("3,331,113");
        assertThat(Stats.formatMs(0.3834)).isEqualTo("0.383");
    }
}
