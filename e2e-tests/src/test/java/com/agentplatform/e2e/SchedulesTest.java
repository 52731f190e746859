package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** Cron schedules: one execution per tick across gateways, missed ticks run once, overlap skip, bad input, isolation. */
@Timeout(180)
class SchedulesTest {

    private static final String EVERY_SECOND = """
            {"cron": "* * * * * *", "agent": {"tools": ["calculator"]}, "input": "What is 6 * 7?", "overlap": "%s"}""";

    private static ApiClient api;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
    }

    @Test
    void aScheduleEverySecondOnTwoGatewaysAndTwoWorkersMakesOneExecutionPerTick() {
        Tenants.Created tenant = Tenants.create();
        try (ConfigurableApplicationContext secondGateway = Platform.extraGateway(Map.of());
                ConfigurableApplicationContext secondWorker = Platform.extraWorker("schedule-worker-2")) {
            Response schedule = create(tenant.key(), EVERY_SECOND.formatted("allow"));
            Instant created = Instant.parse(schedule.text("created_at"));

            await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
            Response paused = api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");
            assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
            Instant stopped = Instant.parse(paused.text("updated_at"));

            List<Instant> ticks = ticks(tenant.key(), schedule.id());
            long seconds = stopped.getEpochSecond() - created.getEpochSecond();
            assertThat(ticks).doesNotHaveDuplicates();
            assertThat(ticks).allSatisfy(tick -> assertThat(tick).isAfter(created).isBeforeOrEqualTo(stopped.plusSeconds(1)));
            // Every whole second in between made one execution; the last one may not have been due to a round yet.
            assertThat((long) ticks.size()).isBetween(seconds - 1, seconds + 1);
            assertThat(gaps(ticks)).containsOnly(Duration.ofSeconds(1));
        }
    }

    @Test
    void ticksMissedWhileNothingFiresRunOnceAtTheNextRound() {
        Tenants.Created tenant = Tenants.create();
        Response schedule = create(tenant.key(), EVERY_SECOND.formatted("allow"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(tenant.key(), schedule.id()).size() >= 2);

        Lifecycle firing = (Lifecycle) Platform.get().gateway.getBean("scheduleFiring");
        firing.stop();
        int beforeStop;
        try {
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            beforeStop = ticks(tenant.key(), schedule.id()).size();
            await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(ticks(tenant.key(), schedule.id())).hasSize(beforeStop);
        } finally {
            firing.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(tenant.key(), schedule.id()).size() >= beforeStop + 3);
        api.call("PATCH", "/v1/schedules/" + schedule.id(), tenant.key(), "{\"enabled\": false}");

        List<Instant> ticks = ticks(tenant.key(), schedule.id());
        List<Duration> gaps = gaps(ticks);
        // Seven or more missed seconds made one execution (the latest of them), not one each: one long gap, no burst.
        assertThat(gaps.stream().filter(gap -> gap.compareTo(Duration.ofSeconds(1)) > 0).toList())
                .singleElement().satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(6)));
        assertThat(ticks).doesNotHaveDuplicates();
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

    private static List<Duration> gaps(List<Instant> ticks) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            gaps.add(Duration.between(ticks.get(i - 1), ticks.get(i)));
        }
        return gaps;
    }
}
