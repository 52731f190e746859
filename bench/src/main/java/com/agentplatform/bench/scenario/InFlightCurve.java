package com.agentplatform.bench.scenario;

import com.agentplatform.bench.platform.ExecutionTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many executions ran at once over time, rebuilt from their started and finished timestamps, and the completion
 * rate while the count stayed near its peak.
 *
 * @param peak    the most executions running at once
 * @param changes every start (+1) and finish (−1), in time order, finishes first at equal times
 */
record InFlightCurve(int peak, List<Change> changes) {

    record Change(Instant at, int delta) {
    }

    /**
     * Completions over a stretch of the curve.
     *
     * @param window       how long the stretch lasted
     * @param averageLevel time-weighted average count of executions running in it
     * @param completions  executions that finished in it
     * @param wholePeriods whether it is whole model latencies inside the plateau (else the whole run, start to end)
     */
    record Stretch(Duration window, double averageLevel, long completions, boolean wholePeriods) {

        double completionRate() {
            double seconds = window.toNanos() / 1e9;
            return seconds <= 0 ? 0 : completions / seconds;
        }
    }

    static InFlightCurve of(List<ExecutionTimes> executions) {
        List<Change> changes = new ArrayList<>();
        for (ExecutionTimes times : executions) {
            if (times.startedAt() != null && times.finishedAt() != null) {
                changes.add(new Change(times.startedAt(), 1));
                changes.add(new Change(times.finishedAt(), -1));
            }
        }
        changes.sort(Comparator.comparing(Change::at).thenComparingInt(Change::delta));
        int level = 0;
        int peak = 0;
        for (Change change : changes) {
            level += change.delta();
            peak = Math.max(peak, level);
        }
        return new InFlightCurve(peak, List.copyOf(changes));
    }

    /**
     * The plateau's completion rate. Runs started in a burst finish in a burst one latency later, so the rate is only
     * steady over whole latencies: the stretch starts one latency after the count first reached {@code threshold ×
     * peak} (nothing claimed after that has finished before) and lasts as many whole latencies as the count stays
     * there. A plateau shorter than that (a run too small to fill the worker) gives the whole run's rate instead.
     */
    Stretch plateau(double threshold, Duration latency) {
        if (changes.isEmpty()) {
            return new Stretch(Duration.ZERO, 0, 0, false);
        }
        int floor = Math.max(1, (int) Math.ceil(peak * threshold));
        Instant first = null;
        Instant last = null;
        int level = 0;
        for (Change change : changes) {
            level += change.delta();
            if (level >= floor) {
                first = first == null ? change.at() : first;
                last = change.at();
            }
        }
        long periods = latency.isZero() ? 0 : Duration.between(first.plus(latency), last).toNanos() / latency.toNanos();
        if (periods >= 1) {
            Instant start = first.plus(latency);
            return over(start, start.plus(latency.multipliedBy(periods)), true);
        }
        return over(changes.getFirst().at(), changes.getLast().at(), false);
    }

    private Stretch over(Instant start, Instant end, boolean wholePeriods) {
        int level = 0;
        double area = 0;
        long completions = 0;
        Instant previous = start;
        for (Change change : changes) {
            if (change.at().isAfter(end)) {
                break;
            }
            if (change.at().isAfter(start)) {
                area += level * seconds(previous, change.at());
                previous = change.at();
                completions += change.delta() < 0 ? 1 : 0;
            }
            level += change.delta();
        }
        area += level * seconds(previous, end);
        double length = seconds(start, end);
        return new Stretch(Duration.between(start, end), length > 0 ? area / length : level, completions, wholePeriods);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
