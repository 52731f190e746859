package com.agentplatform.gateway.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * A schedule's cron expression in its time zone. Parsing and evaluation are Spring's {@link CronExpression}: a 5-field
 * expression (minute hour day month weekday) runs at second 0; a 6-field one starts with the second. Evaluated in the
 * zone's local time, so across a DST change Spring's rules apply: a local time the spring-forward gap skips does not
 * run that day (it is not moved after the gap), and one the fall-back repeats runs at both of its occurrences.
 */
record Cron(CronExpression expression, ZoneId zone) {

    /** Whether {@code cron} parses; the message says why not. */
    static CronExpression parse(String cron) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException("must not be empty");
        }
        String trimmed = cron.trim();
        int fields = trimmed.split("\\s+").length;
        if (fields == 5) {
            return CronExpression.parse("0 " + trimmed);
        }
        if (fields == 6 || (fields == 1 && trimmed.startsWith("@"))) {
            return CronExpression.parse(trimmed);
        }
        throw new IllegalArgumentException("must have 5 fields (minute to weekday) or 6 (second first), not " + fields);
    }

    /** An IANA zone id such as {@code Europe/Berlin}; UTC when none is given. */
    static ZoneId zone(String timezone) {
        if (timezone == null) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("is not an IANA time zone (such as Europe/Berlin or UTC)");
        }
    }

    static Cron of(String cron, String timezone) {
        return new Cron(parse(cron), zone(timezone));
    }

    /** The first tick strictly after {@code instant}, or null when the expression has none. */
    Instant next(Instant instant) {
        ZonedDateTime next = expression.next(instant.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** What a firing round does with a schedule: the tick it fires (or skips) and the next one it plans. */
    record Round(Instant tick, Instant next) {
    }

    /**
     * The round at {@code now} for a schedule due at {@code due}. A tick overdue by more than {@code misfireThreshold}
     * means nothing fired for a while (the platform was down): all ticks missed up to now are one run, at the latest of
     * them, and the next is planned after now. A tick only a little late (a slow round) fires as itself.
     */
    Round round(Instant due, Instant now, Duration misfireThreshold) {
        if (Duration.between(due, now).compareTo(misfireThreshold) > 0) {
            return new Round(latestDue(due, now), next(now));
        }
        return new Round(due, next(due));
    }

    /**
     * The latest tick at or before {@code now}, starting from the due tick {@code due}: after a stop, all missed ticks
     * are one run, at the newest of them. Bounded, so a per-second schedule after a long stop costs a bounded loop.
     */
    Instant latestDue(Instant due, Instant now) {
        Instant latest = due;
        for (int i = 0; i < 100_000; i++) {
            Instant next = next(latest);
            if (next == null || next.isAfter(now)) {
                return latest;
            }
            latest = next;
        }
        return latest;
    }
}
