package com.agentplatform.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cron ticks as Spring's CronExpression evaluates them in a schedule's zone, across the DST changes of 2026 in Berlin
 * and New York; and the rounds the firing makes of them (what {@link ScheduleFiring} fires and plans), on those days
 * too, with the platform up and with it down across the change.
 */
class CronTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";
    private static final Duration MISFIRE = Duration.ofSeconds(3);

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
    void inNewYorkTwoThirtyIsSkippedOnTheSpringForwardDayAndRunsOnceOnTheFallBackDay() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT. 2026-11-01: 02:00 EDT goes back to 01:00 EST, so the hour repeated
        // is 01:00-02:00 and 02:30 comes once.
        Cron cron = Cron.of("30 2 * * *", NEW_YORK);

        assertThat(ticks(cron, Instant.parse("2026-03-06T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-07T07:30:00Z"), // 02:30 EST
                Instant.parse("2026-03-09T06:30:00Z"), // 02:30 EDT; none on the 8th
                Instant.parse("2026-03-10T06:30:00Z"));
        assertThat(ticks(cron, Instant.parse("2026-10-31T00:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-10-31T06:30:00Z"), // 02:30 EDT
                Instant.parse("2026-11-01T07:30:00Z"), // 02:30 EST, once
                Instant.parse("2026-11-02T07:30:00Z"));
    }

    @Test
    void theFiringsRoundsOnTimeFireEveryTickSpringGivesOnBothChangeDaysInBothZones() {
        assertThat(firedOnTime(Cron.of("30 2 * * *", BERLIN), Instant.parse("2026-03-27T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
        assertThat(firedOnTime(Cron.of("30 2 * * *", BERLIN), Instant.parse("2026-10-24T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(firedOnTime(Cron.of("30 2 * * *", NEW_YORK), Instant.parse("2026-03-06T12:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-09T06:30:00Z"), Instant.parse("2026-03-10T06:30:00Z"));
        assertThat(firedOnTime(Cron.of("30 2 * * *", NEW_YORK), Instant.parse("2026-10-31T00:00:00Z"), 3)).containsExactly(
                Instant.parse("2026-10-31T06:30:00Z"), Instant.parse("2026-11-01T07:30:00Z"), Instant.parse("2026-11-02T07:30:00Z"));
    }

    @Test
    void aPlatformDownAcrossTheFallBackNightRunsTheMissedTwoThirtiesOnceAndPlansTheNextDay() {
        Cron berlin = Cron.of("30 2 * * *", BERLIN);
        // Due at the first 02:30 (CEST); the first round comes at 03:10 CET, after both 02:30s.
        Cron.Round round = berlin.round(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-25T02:10:00Z"), MISFIRE);

        assertThat(round.tick()).isEqualTo(Instant.parse("2026-10-25T01:30:00Z"));
        assertThat(round.next()).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void aPlatformDownAcrossTheSpringForwardNightRunsTheTickBeforeItOnceAndSkipsTheMissingTwoThirty() {
        Cron newYork = Cron.of("30 2 * * *", NEW_YORK);
        // Due on the 7th at 02:30 EST; down until 04:00 EDT on the 8th, whose 02:30 never existed.
        Cron.Round round = newYork.round(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-08T08:00:00Z"), MISFIRE);

        assertThat(round.tick()).isEqualTo(Instant.parse("2026-03-07T07:30:00Z"));
        assertThat(round.next()).isEqualTo(Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void aRoundLateByLessThanTheMisfireThresholdFiresTheDueTickItselfAndPlansTheNextAfterIt() {
        Cron everySecond = Cron.of("* * * * * *", "UTC");

        Cron.Round late = everySecond.round(Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:02.900Z"), MISFIRE);

        assertThat(late).isEqualTo(new Cron.Round(Instant.parse("2026-12-03T10:00:00Z"), Instant.parse("2026-12-03T10:00:01Z")));
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

    /** Ticks fired by rounds that each come 200 ms after the planned tick, from a schedule created at {@code from}. */
    private static List<Instant> firedOnTime(Cron cron, Instant from, int count) {
        List<Instant> fired = new ArrayList<>();
        Instant due = cron.next(from);
        for (int i = 0; i < count; i++) {
            Cron.Round round = cron.round(due, due.plusMillis(200), MISFIRE);
            fired.add(round.tick());
            due = round.next();
        }
        return fired;
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
