package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import com.agentplatform.infra.SharedTestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A worker process resumes a run right after a person approved its tool call, sends the approved call, and is
 * SIGKILLed before the answer comes back. Another worker recovers the run from its recorded steps: the approved call
 * reached the tool exactly once (it was recorded as an intent before it was sent, so it is not sent again), and no
 * model call is repeated by either resume.
 */
@Timeout(240)
class ApprovalRecoveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aWorkerKilledWhileMakingAnApprovedCallLeavesTheRunToAnotherThatNeitherSendsItAgainNorAsksTheModelAgain() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.holding()) {
            transfers.registerAsTransferTool(api, tenant);

            String[] approved = approveWhileOnlyADoomedWorkerRuns(api, tenant, transfers);
            String id = approved[0];
            String callId = approved[1];

            await().atMost(Duration.ofSeconds(90)).until(() -> isFinished(api.get(tenant.key(), "/v1/executions/" + id)));
            Response finished = api.get(tenant.key(), "/v1/executions/" + id);
            assertThat(finished.text("status")).as(finished.raw()).isEqualTo("succeeded");
            assertThat(finished.body().get("attempt").asInt()).as("recovered by a second attempt").isEqualTo(2);
            assertThat(transfers.received).as("the approved call reached the tool exactly once").singleElement()
                    .satisfies(call -> {
                        assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree("{\"amount\": 70}"));
                        assertThat(call.idempotencyKey()).isEqualTo(id + ":" + callId);
                    });
            JsonNode steps = api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
            assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                    .as("one model call before the pause, one after the recovery: none repeated")
                    .containsExactly("llm:offline:deterministic", "tool:transfer", "llm:offline:deterministic");
            JsonNode tool = steps.get(1).get("output");
            assertThat(tool.get("outcome").asString()).isEqualTo("unknown");
            assertThat(tool.get("approval").get("decision").asString()).isEqualTo("approve");
            assertThat(api.events(tenant.key(), id, null).types()).containsSubsequence("waiting", "approval", "running",
                    "retrying", "running", "step", "step", "succeeded");
        }
    }

    /** The doomed worker runs to the pause, resumes after the approval and sends the call; then it is killed. */
    private static String[] approveWhileOnlyADoomedWorkerRuns(ApiClient api, Tenants.Created tenant, ToolEndpoint transfers) {
        Platform.pauseInProcessWorker();
        try (ServiceProcess doomed = ServiceProcess.start("worker-approval", "execution-worker", workerSettings(),
                Path.of("target", "approval-logs"))) {
            Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"tools": ["transfer"], "require_approval": ["transfer"]},
                     "input": "call transfer with {\\"amount\\": 70}"}""");
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            String id = submitted.id();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "waiting".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));
            String callId = api.get(tenant.key(), "/v1/executions/" + id).body().get("pending_approval").get("call_id").asString();
            Response decided = api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(),
                    "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
            assertThat(decided.status()).as(decided.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> transfers.received.size() == 1);
            doomed.kill();
            return new String[] {id, callId};
        } finally {
            Platform.resumeInProcessWorker();
        }
    }

    private static boolean isFinished(Response execution) {
        return List.of("succeeded", "failed", "cancelled", "timed_out").contains(execution.text("status"));
    }

    private static Map<String, String> workerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        settings.put("platform.worker.id", "approval-worker");
        settings.put("platform.worker.lease", "3s");
        settings.put("platform.worker.lease-renew-interval", "1s");
        settings.put("platform.worker.http.allow-list", "127.0.0.1/32");
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }
}
