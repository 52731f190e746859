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
 * @param peak        the most executions running at once
 * @param window      how long the count stayed at or above {@code threshold × peak} (first to last such moment)
 * @param averageLevel time-weighted average count inside the window
 * @param completions executions finished inside the window
 */
record InFlightCurve(int peak, Duration window, double averageLevel, long completions) {

    private record Change(Instant at, int delta) {
    }

    static InFlightCurve of(List<ExecutionTimes> executions, double threshold) {
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
        return window(changes, peak, Math.max(1, (int) Math.ceil(peak * threshold)));
    }

    private static InFlightCurve window(List<Change> changes, int peak, int floor) {
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
        if (first == null || !last.isAfter(first)) {
            return new InFlightCurve(peak, Duration.ZERO, peak, 0);
        }
        double area = 0;
        long completions = 0;
        level = 0;
        Instant previous = first;
        for (Change change : changes) {
            if (!change.at().isBefore(first) && !change.at().isAfter(last)) {
                area += level * (Duration.between(previous, change.at()).toNanos() / 1e9);
                previous = change.at();
                completions += change.delta() < 0 ? 1 : 0;
            }
            level += change.delta();
        }
        Duration window = Duration.between(first, last);
        return new InFlightCurve(peak, window, area / (window.toNanos() / 1e9), completions);
    }

    double completionRate() {
        double seconds = window.toNanos() / 1e9;
        return seconds <= 0 ? 0 : completions / seconds;
    }
}
