package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The gateway and workers as real OS processes, with workers killed with SIGKILL while they run executions: nothing
 * accepted may be lost or stuck, and every execution ends in exactly one terminal state. The fast subset runs in
 * {@code mvn verify}; the full run (1,000 executions, 3 workers, 1–3 s model) is documented with its figures in
 * docs/RELIABILITY.md.
 */
@Timeout(900)
@Order(Integer.MAX_VALUE) // last: it restarts Kafka and PostgreSQL under everyone
class FaultInjectionTest {

    private static final int EXECUTIONS = Integer.getInteger("faults.executions", 60);
    private static final int WORKERS = Integer.getInteger("faults.workers", 2);
    private static final int KILLS = Integer.getInteger("faults.kills", 3);
    /** Also restart the Kafka broker and PostgreSQL once each while the load runs. */
    private static final boolean RESTART_STACK = Boolean.parseBoolean(System.getProperty("faults.restart-stack", "true"));
    private static final Duration LEASE = Duration.ofSeconds(3);

    @Test
    void killedWorkersLoseNothingAndLeaveNothingStuck() throws Exception {
        EmbeddedStack stack = SharedTestStack.get();
        Path logs = Path.of("target", "fault-logs");
        Platform.pauseInProcessWorker();
        List<ServiceProcess> workers = new ArrayList<>();
        try (ServiceProcess gateway = ServiceProcess.start("gateway", "api-gateway", gatewaySettings(stack), logs)) {
            for (int i = 1; i <= WORKERS; i++) {
                workers.add(ServiceProcess.start("worker-" + i, "execution-worker", workerSettings(stack, "proc-worker-" + i), logs));
            }
            ApiClient api = new ApiClient(gateway.baseUrl());
            String key = tenantKey(api);

            Instant started = Instant.now();
            int beforeRestarts = RESTART_STACK ? EXECUTIONS * 2 / 3 : EXECUTIONS;
            List<String> ids = new ArrayList<>(submit(api, key, 0, beforeRestarts));
            int kills = 0;
            int nextWorker = WORKERS;
            while (kills < KILLS && !allFinished(api, key, ids)) {
                ServiceProcess victim = workers.remove(ThreadLocalRandom.current().nextInt(workers.size()));
                victim.kill();
                kills++;
                workers.add(ServiceProcess.start("worker-" + ++nextWorker, "execution-worker",
                        workerSettings(stack, "proc-worker-" + nextWorker), logs));
            }
            List<String> restarts = List.of();
            if (RESTART_STACK) {
                ids.addAll(submit(api, key, beforeRestarts, EXECUTIONS - 3));
                restarts = restartStack(stack, api, key, ids);
            }
            await().atMost(LEASE.plusSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> allFinished(api, key, ids));

            Report report = report(api, key, ids, kills, started, restarts);
            Files.createDirectories(logs);
            Files.writeString(logs.resolve("report.md"), report.table());
            System.out.println(report.table());
            assertThat(report.lost()).isZero();
            assertThat(report.stuck()).isZero();
            assertThat(report.terminalEvents()).as("exactly one terminal event per execution").isEqualTo(EXECUTIONS);
            assertThat(report.byStatus().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(EXECUTIONS);
        } finally {
            // Survivors leave their consumer group cleanly, so later tests do not wait for a dead member's session.
            workers.forEach(ServiceProcess::terminate);
            Platform.resumeInProcessWorker();
        }
    }

    private static List<String> submit(ApiClient api, String key, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Response accepted = api.call("POST", "/v1/executions", key, """
                    {"agent": {"model": "simulated:default", "tools": ["calculator"]}, "input": "What is %d + 1?"}""".formatted(i));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            ids.add(accepted.id());
        }
        return ids;
    }

    @Test
    void aGatewayKilledBetweenCommitAndPublishLosesNothing() {
        EmbeddedStack stack = SharedTestStack.get();
        Path logs = Path.of("target", "fault-logs");
        Map<String, String> crashing = gatewaySettings(stack);
        crashing.put("platform.gateway.halt-after-commit", "true");
        try (ServiceProcess doomed = ServiceProcess.start("gateway-halting", "api-gateway", crashing, logs);
                ServiceProcess worker = ServiceProcess.start("worker-commit-test", "execution-worker",
                        workerSettings(stack, "commit-test-worker"), logs)) {
            ApiClient viaDoomed = new ApiClient(doomed.baseUrl());
            String key = tenantKey(viaDoomed);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> viaDoomed.call("POST", "/v1/executions", key, """
                    {"agent": {"tools": ["calculator"]}, "input": "What is 20 + 22?"}"""))
                    .as("the gateway died before answering").isInstanceOf(RuntimeException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> !doomed.isAlive());

            try (ServiceProcess gateway = ServiceProcess.start("gateway-after", "api-gateway", gatewaySettings(stack), logs)) {
                ApiClient api = new ApiClient(gateway.baseUrl());
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    JsonNode listed = api.get(key, "/v1/executions").body().get("data");
                    return listed.size() == 1 && "succeeded".equals(listed.get(0).get("status").asString());
                });
                assertThat(api.get(key, "/v1/executions").body().get("data").get(0).get("result").asString())
                        .isEqualTo("The answer is 42.");
            }
        }
    }

    private static boolean allFinished(ApiClient api, String key, List<String> ids) {
        for (String id : ids) {
            String status = api.get(key, "/v1/executions/" + id).text("status");
            if (!"succeeded".equals(status) && !"failed".equals(status) && !"cancelled".equals(status) && !"timed_out".equals(status)) {
                return false;
            }
        }
        return true;
    }

    /**
     * With the load running: the Kafka broker goes down and stays down while three more submits are accepted (the
     * outbox holds their wake-ups), then PostgreSQL goes down and stays down until the gateway answers a submit with
     * 503; each comes back after. Returns what was restarted.
     */
    private static List<String> restartStack(EmbeddedStack stack, ApiClient api, String key, List<String> ids) throws Exception {
        stack.stopKafka();
        try {
            ids.addAll(submit(api, key, EXECUTIONS - 3, EXECUTIONS));
        } finally {
            stack.startKafka();
        }
        stack.stopPostgres();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.call("POST", "/v1/executions", key, """
                    {"agent": {"model": "simulated:default"}, "input": "refused while the database is down"}""").status() == 503);
        } finally {
            stack.startPostgres();
        }
        return List.of("Kafka broker (down while 3 submits were accepted)", "PostgreSQL (down until a submit got 503)");
    }

    private static Report report(ApiClient api, String key, List<String> ids, int kills, Instant started, List<String> restarts) {
        Map<String, Integer> byStatus = new TreeMap<>();
        int lost = 0;
        int stuck = 0;
        int extraAttempts = 0;
        int terminalEvents = 0;
        Instant lastFinish = started;
        for (String id : ids) {
            Response execution = api.get(key, "/v1/executions/" + id);
            if (execution.status() != 200) {
                lost++;
                continue;
            }
            String status = execution.text("status");
            JsonNode error = execution.body().get("error");
            String label = error == null || error.isNull() ? status : status + " (" + error.get("code").asString() + ")";
            byStatus.merge(label, 1, Integer::sum);
            if ("queued".equals(status) || "running".equals(status)) {
                stuck++;
            }
            extraAttempts += Math.max(0, execution.body().get("attempt").asInt() - 1);
            terminalEvents += (int) api.events(key, id, null).types().stream()
                    .filter(type -> List.of("succeeded", "failed", "cancelled", "timed_out").contains(type)).count();
            if (execution.text("finished_at") != null) {
                Instant finished = Instant.parse(execution.text("finished_at"));
                lastFinish = finished.isAfter(lastFinish) ? finished : lastFinish;
            }
        }
        return new Report(ids.size(), byStatus, lost, stuck, extraAttempts, terminalEvents, kills, restarts,
                Duration.between(started, lastFinish));
    }

    record Report(int submitted, Map<String, Integer> byStatus, int lost, int stuck, int extraAttempts, int terminalEvents,
            int kills, List<String> restarts, Duration total) {

        String table() {
            StringBuilder table = new StringBuilder("| figure | value |\n|---|---|\n");
            table.append("| executions submitted | ").append(submitted).append(" |\n");
            byStatus.forEach((status, count) -> table.append("| ").append(status).append(" | ").append(count).append(" |\n"));
            table.append("| lost | ").append(lost).append(" |\n");
            table.append("| stuck (queued or running at the end) | ").append(stuck).append(" |\n");
            table.append("| terminal events (one per execution expected) | ").append(terminalEvents).append(" |\n");
            table.append("| workers killed with SIGKILL | ").append(kills).append(" |\n");
            table.append("| dependencies restarted mid-load | ").append(restarts.isEmpty() ? "none" : String.join(", ", restarts))
                    .append(" |\n");
            table.append("| extra attempts (recoveries after a kill) | ").append(extraAttempts).append(" |\n");
            table.append("| first submit to last finish | ").append(total.toMillis() / 1000.0).append(" s |\n");
            return table.toString();
        }
    }

    private static String tenantKey(ApiClient api) {
        String name = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        Response tenant = api.call("POST", "/admin/v1/tenants", Platform.ADMIN_TOKEN, """
                {"name": "%s", "rate_limit_per_minute": 100000, "max_concurrent_executions": 1000, "max_queued_executions": 100000}"""
                .formatted(name));
        assertThat(tenant.status()).as(tenant.raw()).isEqualTo(201);
        return api.call("POST", "/admin/v1/tenants/" + tenant.id() + "/api-keys", Platform.ADMIN_TOKEN, "{\"name\": \"faults\"}").text("key");
    }

    private static Map<String, String> gatewaySettings(EmbeddedStack stack) {
        Map<String, String> settings = new LinkedHashMap<>(stack.springProperties());
        settings.put("platform.gateway.admin-token", Platform.ADMIN_TOKEN);
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }

    private static Map<String, String> workerSettings(EmbeddedStack stack, String id) {
        Map<String, String> settings = new LinkedHashMap<>(stack.springProperties());
        settings.put("platform.worker.id", id);
        settings.put("platform.worker.lease", LEASE.toSeconds() + "s");
        settings.put("platform.worker.lease-renew-interval", "1s");
        settings.put("platform.worker.simulated.latency", System.getProperty("faults.latency", "300ms"));
        settings.put("platform.worker.simulated.max-latency", System.getProperty("faults.max-latency", "1s"));
        settings.put("platform.worker.retry.initial-backoff", "200ms");
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }
}
