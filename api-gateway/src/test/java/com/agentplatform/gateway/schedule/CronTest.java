package com.agentplatform.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron ticks as Spring's CronExpression evaluates them in a schedule's zone, across Berlin's DST changes of 2026. */
class CronTest {

    private static final String BERLIN = "Europe/Berlin";

    @Test
    void aDailyTwoThirtyDoesNotRunOnTheSpringForwardDayWhenTwoThirtyDoesNotExist() {
        // 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST; 02:30 does not exist that day.
        Cron cron = Cron.of("30 2 * * *", BERLIN);

        List<Instant> ticks = ticks(cron, Instant.parse("2026-03-27T12:00:00Z"), 3);

        assertThat(ticks).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                // 2026-03-29: Spring skips a time inside the gap rather than moving it after the gap
                Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void aDailyTwoThirtyOnTheFallBackDayRunsAtBothTwoThirties() {
        // 2026-10-25: clocks go back from 03:00 CEST to 02:00 CET; 02:30 happens twice that day.
        Cron cron = Cron.of("30 2 * * *", BERLIN);

        List<Instant> ticks = ticks(cron, Instant.parse("2026-10-24T12:00:00Z"), 3);

        assertThat(ticks).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, the first
                Instant.parse("2026-10-25T01:30:00Z"), // 02:30 CET, the repeated hour: Spring matches it again
                Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET
    }

    @Test
    void fiveFieldsRunAtSecondZeroAndSixFieldsReadTheSecondFirst() {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");

        assertThat(Cron.of("*/15 * * * *", "UTC").next(start)).isEqualTo(Instant.parse("2026-12-03T10:15:00Z"));
        assertThat(Cron.of("*/15 * * * * *", "UTC").next(start)).isEqualTo(Instant.parse("2026-12-03T10:00:15Z"));
        assertThat(Cron.of("0 9 * * *", null).next(start)).isEqualTo(Instant.parse("2026-12-04T09:00:00Z"));
        assertThat(Cron.of("0 9 * * *", "America/New_York").next(start)).isEqualTo(Instant.parse("2026-12-03T14:00:00Z"));
    }

    @Test
    void missedTicksCollapseIntoTheLatestOne() {
        Cron everySecond = Cron.of("* * * * * *", "UTC");

        assertThat(everySecond.latestDue(Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:09.500Z")))
                .isEqualTo(Instant.parse("2026-12-03T10:00:09Z"));
        assertThat(everySecond.latestDue(Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:00.200Z")))
                .isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
    }

    @Test
    void badExpressionsAndZonesAreRefusedWithAReason() {
        assertThatThrownBy(() -> Cron.parse("* * *")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 fields");
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cron.parse(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cron.zone("Mars/Olympus")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IANA");
    }

    private static List<Instant> ticks(Cron cron, Instant from, int count) {
        List<Instant> ticks = new ArrayList<>();
        Instant at = from;
        for (int i = 0; i < count; i++) {
            at = cron.next(at);
            ticks.add(at);
        }
        return ticks;
    }

    @Test
    void theZoneIdIsKeptAsGiven() {
        assertThat(Cron.zone(BERLIN).getId()).isEqualTo(BERLIN);
        assertThat(ZonedDateTime.ofInstant(Instant.parse("2026-03-29T01:30:00Z"), Cron.zone(BERLIN)).getHour()).isEqualTo(3);
    }
}
