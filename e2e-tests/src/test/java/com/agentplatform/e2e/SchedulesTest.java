package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * Cron schedules: one execution per tick across gateways and workers for 30 s, ticks missed during a 10 s stop run
 * once, overlap skip, a full queue, bad input, isolation.
 */
@Timeout(180)
class SchedulesTest {

    private static final String EVERY_SECOND = """
            {"cron": "* * * * * *", "agent": {"tools": ["calculator"]}, "input": "What is 6 * 7?", "overlap": "%s"}""";

    private static ApiClient api;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
    }

    /**
     * Thirty seconds of an every-second schedule with two gateways firing and two workers running: the schedule is
     * paused as soon as its 30th tick has an execution. The pause locks the row as a firing round does, and keeps
     * next_run_at: what it answers is the first tick no round fired, so the window fired is [first, that) exactly, and
     * each second in it must have made exactly one execution: 30, or 31 when the next tick fell due just before the
     * pause took the row.
     */
    @Test
    void aScheduleEverySecondForThirtySecondsOnTwoGatewaysAndTwoWorkersMakesOneExecutionPerTick() {
        Tenants.Created tenant = Tenants.create();
        try (ConfigurableApplicationContext secondGateway = Platform.extraGateway(Map.of());
                ConfigurableApplicationContext secondWorker = Platform.extraWorker("schedule-worker-2")) {
            Response schedule = create(tenant.key(), EVERY_SECOND.formatted("allow"));
            Instant first = Instant.parse(schedule.text("next_run_at"));
            Instant thirtieth = first.plusSeconds(29);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> latestTick(schedule.id()).map(tick -> !tick.isBefore(thirtieth)).orElse(false));
            Response paused = api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");
            assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
            Instant firstNotFired = Instant.parse(paused.text("next_run_at"));

            List<Instant> window = new ArrayList<>();
            for (Instant tick = first; tick.isBefore(firstNotFired); tick = tick.plusSeconds(1)) {
                window.add(tick);
            }
            assertThat(window).hasSizeBetween(30, 31);
            assertThat(ticks(tenant.key(), schedule.id())).as("one execution for each tick of the window, none twice")
                    .containsExactlyElementsOf(window);
            assertThat(jdbc().sql("""
                    select count(distinct idempotency_key) from executions
                    where tenant_id = cast(:tenant as uuid) and idempotency_key like 'schedule:' || :schedule || ':%'""")
                    .param("tenant", tenant.id()).param("schedule", schedule.id()).query(Long.class).single())
                    .isEqualTo(window.size());
        }
    }

    /**
     * No gateway fires for ten seconds (the only one left stops its firing): the ten or more ticks that fell due meanwhile
     * make one execution, at the latest of them, when firing resumes; the schedule then goes on every second.
     */
    @Test
    void ticksMissedDuringATenSecondStopRunOnceWhenFiringResumes() {
        Tenants.Created tenant = Tenants.create();
        Response schedule = create(tenant.key(), EVERY_SECOND.formatted("allow"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(tenant.key(), schedule.id()).size() >= 2);

        Lifecycle firing = (Lifecycle) Platform.get().gateway.getBean("scheduleFiring");
        firing.stop();
        List<Instant> beforeStop;
        Instant resumed;
        try {
            // A round under way when stop() came may still commit; after it, nothing more fires.
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            beforeStop = ticks(tenant.key(), schedule.id());
            await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> true);
            assertThat(ticks(tenant.key(), schedule.id())).as("nothing fired during the stop").isEqualTo(beforeStop);
        } finally {
            resumed = Instant.now();
            firing.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(tenant.key(), schedule.id()).size() >= beforeStop.size() + 3);
        api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");

        List<Instant> ticks = ticks(tenant.key(), schedule.id());
        Instant lastBefore = beforeStop.getLast();
        Instant caughtUp = ticks.get(beforeStop.size());
        assertThat(ticks.subList(0, beforeStop.size())).isEqualTo(beforeStop);
        assertThat(Duration.between(lastBefore, caughtUp)).as("the missed ticks' one run, at the latest of them")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(caughtUp).isAfter(resumed.minusSeconds(1)).isBeforeOrEqualTo(resumed.plusSeconds(2));
        assertThat(gaps(ticks.subList(beforeStop.size(), ticks.size()))).containsOnly(Duration.ofSeconds(1));
        assertThat(gaps(ticks.subList(0, beforeStop.size()))).containsOnly(Duration.ofSeconds(1));
    }

    @Test
    void overlapSkipHoldsTicksBackWhileTheRunIsActive() {
        Tenants.Created tenant = Tenants.create();
        FakeOpenAi.get().reset();
        CountDownLatch release = new CountDownLatch(1);
        FakeOpenAi.get().thenHold(FakeOpenAi.answer("slow report"), release);
        try {
            Response schedule = create(tenant.key(), """
                    {"cron": "* * * * * *", "agent": {"model": "openai:gpt-4o-mini"}, "input": "report"}""");
            assertThat(schedule.text("overlap")).isEqualTo("skip");
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses(tenant.key(), schedule.id()).equals(List.of("running")));

            // Three ticks fall while the first run is held in its model call: none makes an execution.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(statuses(tenant.key(), schedule.id())).containsExactly("running");

            release.countDown();
            await().atMost(Duration.ofSeconds(15)).until(() -> statuses(tenant.key(), schedule.id()).size() >= 2);
            api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");
            String metrics = Platform.managementOf(Platform.get().gateway).get(null, "/actuator/prometheus").raw();
            assertThat(metrics).containsPattern("platform_schedule_skipped_total\\{[^}]*reason=\"overlap\"[^}]*} [1-9]");
        } finally {
            release.countDown();
            FakeOpenAi.get().reset();
        }
    }

    @Test
    void aTickThatFindsTheQueueFullIsSkippedAndCountedNotRetried() {
        Tenants.Created tenant = Tenants.create("\"max_queued_executions\": 2");
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        try {
            double before = skipped("quota");
            Response schedule = create(tenant.key(), EVERY_SECOND.formatted("allow"));
            await().atMost(Duration.ofSeconds(15)).until(() -> skipped("quota") >= before + 2);
            api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");

            assertThat(statuses(tenant.key(), schedule.id())).containsExactly("queued", "queued");
            Response manual = api.call("POST", "/v1/schedules/" + schedule.id() + "/trigger", tenant.key(), null);
            assertThat(manual.status()).as(manual.raw()).isEqualTo(429);
            assertThat(manual.text("code")).isEqualTo("QUOTA_EXCEEDED");
        } finally {
            requests.resume();
        }
    }

    @Test
    void aTenantPastItsScheduleBoundGets429() {
        Tenants.Created tenant = Tenants.create();
        String paused = """
                {"cron": "0 9 * * *", "agent": {}, "input": "x", "enabled": false}""";
        for (int i = 0; i < 100; i++) {
            create(tenant.key(), paused);
        }

        Response refused = api.call("POST", "/v1/schedules", tenant.key(), paused);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("code")).isEqualTo("SCHEDULE_LIMIT_EXCEEDED");
    }

    @Test
    void triggerRunsNowAndPauseKeepsTheTicksBack() {
        Tenants.Created tenant = Tenants.create();
        Response schedule = create(tenant.key(), """
                {"cron": "0 9 * * MON-FRI", "timezone": "Europe/Berlin", "agent": {"tools": ["calculator"]},
                 "input": "What is 6 * 7?", "metadata": {"team": "ops"}, "enabled": false}""");
        assertThat(schedule.text("enabled")).isEqualTo("false");
        assertThat(schedule.text("next_run_at")).isNotNull();

        Response run = api.call("POST", "/v1/schedules/" + schedule.id() + "/trigger", tenant.key(), null);

        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        assertThat(run.body().get("metadata").get("schedule_id").asString()).isEqualTo(schedule.id());
        assertThat(run.body().get("metadata").get("team").asString()).isEqualTo("ops");
        Response listed = api.get(tenant.key(), "/v1/schedules/" + schedule.id() + "/executions");
        assertThat(listed.body().get("data")).extracting(node -> node.get("id").asString()).containsExactly(run.id());
        Response resumed = api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": true}");
        assertThat(resumed.text("enabled")).isEqualTo("true");
        assertThat(api.get(tenant.key(), "/v1/schedules").body().get("data")).hasSize(1);
        assertThat(api.call("DELETE", "/v1/schedules/" + schedule.id(), tenant.key(), null).status()).isEqualTo(204);
        assertThat(api.get(tenant.key(), "/v1/schedules/" + schedule.id()).status()).isEqualTo(404);
    }

    @Test
    void badCronZoneOverlapOrAgentIsA400NamingTheField() {
        Tenants.Created tenant = Tenants.create();
        assertThat(fieldsOf(tenant.key(), """
                {"cron": "every day", "agent": {}, "input": "x"}""")).containsExactly("cron");
        assertThat(fieldsOf(tenant.key(), """
                {"cron": "61 * * * *", "agent": {}, "input": "x"}""")).containsExactly("cron");
        assertThat(fieldsOf(tenant.key(), """
                {"cron": "0 9 * * *", "timezone": "Mars/Olympus", "agent": {}, "input": "x", "overlap": "sometimes"}"""))
                .containsExactlyInAnyOrder("timezone", "overlap");
        assertThat(fieldsOf(tenant.key(), """
                {"cron": "0 9 * * *", "input": "x"}""")).containsExactly("agent");
        assertThat(fieldsOf(tenant.key(), """
                {"cron": "0 9 * * *", "agent": {}, "input": ""}""")).containsExactly("input");
        Response unknownTool = api.call("POST", "/v1/schedules", tenant.key(), """
                {"cron": "0 9 * * *", "agent": {"tools": ["no_such_tool"]}, "input": "x"}""");
        assertThat(unknownTool.status()).as(unknownTool.raw()).isEqualTo(422);
        Response malformed = api.call("POST", "/v1/schedules", tenant.key(), "{\"cron\": ");
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void anotherTenantsScheduleIsNotFound() {
        Tenants.Created owner = Tenants.create();
        Tenants.Created other = Tenants.create();
        Response schedule = create(owner.key(), """
                {"cron": "0 9 * * *", "agent": {}, "input": "x", "enabled": false}""");
        String path = "/v1/schedules/" + schedule.id();

        assertThat(api.get(other.key(), path).status()).isEqualTo(404);
        assertThat(api.call("PATCH", path, other.key(), "{\"enabled\": true}").status()).isEqualTo(404);
        assertThat(api.call("POST", path + "/trigger", other.key(), null).status()).isEqualTo(404);
        assertThat(api.get(other.key(), path + "/executions").status()).isEqualTo(404);
        assertThat(api.call("DELETE", path, other.key(), null).status()).isEqualTo(404);
        assertThat(api.get(other.key(), "/v1/schedules").body().get("data")).isEmpty();
        assertThat(api.get(owner.key(), path).text("enabled")).isEqualTo("false");
    }

    private static Response create(String key, String body) {
        Response created = api.call("POST", "/v1/schedules", key, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created;
    }

    private static List<String> fieldsOf(String key, String body) {
        Response refused = api.call("POST", "/v1/schedules", key, body);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        refused.body().get("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }

    /** The schedule's executions, oldest first. */
    private static List<JsonNode> executions(String key, String schedule) {
        Response page = api.get(key, "/v1/schedules/" + schedule + "/executions?limit=100");
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        List<JsonNode> executions = new ArrayList<>();
        page.body().get("data").forEach(executions::add);
        return executions.reversed();
    }

    private static List<Instant> ticks(String key, String schedule) {
        return executions(key, schedule).stream()
                .map(execution -> {
                    assertThat(execution.get("metadata").get("schedule_id").asString()).isEqualTo(schedule);
                    return Instant.parse(execution.get("metadata").get("schedule_tick").asString());
                })
                .sorted()
                .toList();
    }

    private static List<String> statuses(String key, String schedule) {
        return executions(key, schedule).stream().map(execution -> execution.get("status").asString()).toList();
    }

    private static double skipped(String reason) {
        String scrape = Platform.managementOf(Platform.get().gateway).get(null, "/actuator/prometheus").raw();
        Matcher value = Pattern.compile("platform_schedule_skipped_total\\{[^}]*reason=\"" + reason + "\"[^}]*} (\\S+)")
                .matcher(scrape);
        assertThat(value.find()).as(scrape).isTrue();
        return Double.parseDouble(value.group(1));
    }

    /** The newest tick the schedule made an execution for, read straight from the database (polled quickly). */
    private static Optional<Instant> latestTick(String schedule) {
        return jdbc().sql("select max(tick) from schedule_executions where schedule_id = cast(:schedule as uuid)")
                .param("schedule", schedule)
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant))
                .single();
    }

    private static JdbcClient jdbc() {
        return Platform.get().gateway.getBean(JdbcClient.class);
    }

    private static List<Duration> gaps(List<Instant> ticks) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            gaps.add(Duration.between(ticks.get(i - 1), ticks.get(i)));
        }
        return gaps;
    }
}
