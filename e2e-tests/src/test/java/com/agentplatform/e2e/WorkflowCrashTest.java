package com.agentplatform.e2e;

import static com.agentplatform.e2e.Workflows.awaitEnd;
import static com.agentplatform.e2e.Workflows.create;
import static com.agentplatform.e2e.Workflows.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.SharedTestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.Lifecycle;
import tools.jackson.databind.JsonNode;

/**
 * A worker process is SIGKILLed in the middle of a fan-out of 20 agent steps: the children it was running are taken
 * over when their leases expire, and the run completes with every step done once and none skipped.
 */
@Timeout(240)
class WorkflowCrashTest {

    @Test
    void aFanOutOfTwentyCompletesCorrectlyAfterItsWorkerIsKilled() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 2");
        String workflow = create(api, tenant.key(), "[" + fanOut() + ", {\"id\": \"join\", \"type\": \"agent\", \"agent\":"
                + " {\"tools\": []}, \"input\": \"joined {{steps.fan.result}}\"}]");
        String run;
        Platform.pauseInProcessWorker();
        try (ServiceProcess doomed = ServiceProcess.start("worker-workflow", "execution-worker", workerSettings(),
                Path.of("target", "workflow-crash-logs"))) {
            run = run(api, tenant.key(), workflow, "go");
            await().atMost(Duration.ofSeconds(60)).until(() -> succeededLeaves(api, tenant.key(), run) >= 3);
            assertThat(succeededLeaves(api, tenant.key(), run)).as("killed in the middle").isLessThan(20);
            doomed.kill();
        } finally {
            Platform.resumeInProcessWorker();
        }

        Response ended = awaitEnd(api, tenant.key(), run, Duration.ofSeconds(120));

        assertThat(ended.text("status")).as(ended.raw()).isEqualTo("succeeded");
        JsonNode steps = ended.body().get("steps");
        assertThat(steps).hasSize(4 + 20 + 2);
        assertThat(steps).allSatisfy(step -> assertThat(step.get("status").asString()).isEqualTo("succeeded"));
        Set<String> children = new HashSet<>();
        steps.forEach(step -> {
            if (step.has("execution_id") && !step.get("execution_id").isNull()) {
                children.add(step.get("execution_id").asString());
            }
        });
        assertThat(children).as("one child per agent step").hasSize(21);
        for (int branch = 0; branch < 4; branch++) {
            for (int leaf = 0; leaf < 5; leaf++) {
                assertThat(ended.text("result")).contains("b" + branch + "l" + leaf);
            }
        }
        List<String> finished = new ArrayList<>();
        try (ApiClient.LiveStream stream = api.followPath(tenant.key(), "/v1/workflow-runs/" + run + "/events", null)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.types().contains("succeeded"));
            stream.events.stream().filter(event -> event.type().equals("step_finished"))
                    .forEach(event -> finished.add(event.data().toString()));
        }
        assertThat(finished).as("each step finished once").hasSize(26);
    }

    /**
     * The gateway process that advances a run is SIGKILLed between two of its steps: the end of the step that was
     * running stays as an advance row, and another gateway's advancer (the in-JVM one, held back until then) moves
     * the run on from there. Each step runs once and the run completes.
     */
    @Test
    void aRunWhoseAdvancingGatewayIsKilledIsMovedOnByAnother() {
        Platform platform = Platform.get();
        ApiClient api = platform.api;
        Tenants.Created tenant = Tenants.create();
        List<String> steps = new ArrayList<>();
        for (String id : List.of("one", "two", "three", "four")) {
            steps.add("{\"id\": \"" + id + "\", \"type\": \"agent\", \"agent\": {\"model\": \"simulated:default\","
                    + " \"tools\": []}, \"input\": \"" + id + " after {{steps.one.result}}\"}");
        }
        steps.set(0, steps.getFirst().replace(" after {{steps.one.result}}", ""));
        String workflow = create(api, tenant.key(), "[" + String.join(", ", steps) + "]");
        Lifecycle localAdvancer = (Lifecycle) platform.gateway.getBean("workflowAdvancer");
        localAdvancer.stop();
        String run;
        try (ServiceProcess doomed = ServiceProcess.start("gateway-workflow", "api-gateway", gatewaySettings(),
                Path.of("target", "workflow-crash-logs"))) {
            run = run(api, tenant.key(), workflow, "go");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> api.get(tenant.key(), "/v1/workflow-runs/" + run).body().get("steps").size() >= 2);
            doomed.kill();
        } finally {
            localAdvancer.start();
        }

        Response ended = awaitEnd(api, tenant.key(), run, Duration.ofSeconds(60));

        assertThat(ended.text("status")).as(ended.raw()).isEqualTo("succeeded");
        assertThat(Workflows.stepStatuses(ended)).containsExactly("one:succeeded", "two:succeeded", "three:succeeded",
                "four:succeeded");
        assertThat(ended.text("result")).isEqualTo("Offline model received: four after Offline model received: one");
        List<String> finished = new ArrayList<>();
        try (ApiClient.LiveStream stream = api.followPath(tenant.key(), "/v1/workflow-runs/" + run + "/events", null)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.types().contains("succeeded"));
            stream.events.stream().filter(event -> event.type().equals("step_finished"))
                    .forEach(event -> finished.add(event.data().get("payload").get("step_id").asString()));
        }
        assertThat(finished).containsExactly("one", "two", "three", "four");
    }

    private static Map<String, String> gatewaySettings() {
        Map<String, String> settings = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        settings.put("platform.gateway.admin-token", Platform.ADMIN_TOKEN);
        settings.put("platform.gateway.secrets.key", Platform.SECRETS_KEY);
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }

    private static long succeededLeaves(ApiClient api, String key, String run) {
        Response current = api.get(key, "/v1/workflow-runs/" + run);
        long count = 0;
        for (JsonNode step : current.body().get("steps")) {
            if (step.get("id").asString().matches("b\\dl\\d") && step.get("status").asString().equals("succeeded")) {
                count++;
            }
        }
        return count;
    }

    /** Four branches, each a parallel of five simulated agent steps: twenty children within the branch bound. */
    private static String fanOut() {
        List<String> branches = new ArrayList<>();
        for (int branch = 0; branch < 4; branch++) {
            List<String> leaves = new ArrayList<>();
            for (int leaf = 0; leaf < 5; leaf++) {
                String id = "b" + branch + "l" + leaf;
                leaves.add("[{\"id\": \"" + id + "\", \"type\": \"agent\", \"agent\": {\"model\": \"simulated:default\","
                        + " \"tools\": []}, \"input\": \"" + id + "\"}]");
            }
            branches.add("[{\"id\": \"p" + branch + "\", \"type\": \"parallel\", \"branches\": [" + String.join(", ", leaves) + "]}]");
        }
        return "{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [" + String.join(", ", branches) + "]}";
    }

    private static Map<String, String> workerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        settings.put("platform.worker.id", "workflow-crash-worker");
        settings.put("platform.worker.lease", "3s");
        settings.put("platform.worker.lease-renew-interval", "1s");
        // Two children at a time (the tenant's limit), a second each: the kill lands with some done, two running, most queued.
        settings.put("platform.worker.simulated.latency", "1s");
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }
}
