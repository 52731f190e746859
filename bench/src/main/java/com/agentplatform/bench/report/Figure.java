package com.agentplatform.bench.report;

/**
 * One measured figure beside its baseline.
 *
 * @param measure  what was measured
 * @param unit     its unit
 * @param platform the platform's figure
 * @param baseline the raw baseline's figure in the same run; NaN when the measure has none
 * @param target   the target, in words; empty when there is none
 * @param met      whether the target was met; null when there is no target
 */
public record Figure(String measure, String unit, double platform, double baseline, String target, Boolean met) {

    public static Figure of(String measure, String unit, double platform, double baseline, String target, Boolean met) {
        return new Figure(measure, unit, platform, baseline, target, met);
    }

    /** A figure without a baseline or target, reported for what it tells. */
    public static Figure info(String measure, String unit, double platform) {
        return new Figure(measure, unit, platform, Double.NaN, "", null);
    }

    public boolean hasBaseline() {
        return !Double.isNaN(baseline);
    }

    /** Platform over baseline; NaN without a baseline or when the baseline is zero. */
    public double ratio() {
        return hasBaseline() && baseline != 0 ? platform / baseline : Double.NaN;
    }
}
