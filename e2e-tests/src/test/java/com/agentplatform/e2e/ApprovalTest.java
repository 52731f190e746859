package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run whose agent requires approval for a tenant's HTTP tool pauses at the model's call of it ({@code waiting},
 * {@code pending_approval} on the execution and in the {@code waiting} event of both streams), holds no slot while
 * it waits, and goes on after a person's decision: the tool runs once with the approved (possibly edited) arguments,
 * or the model is told the rejection. Undecided, it expires; it can be cancelled while it waits.
 */
@Timeout(120)
class ApprovalTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INPUT = "call transfer with {\\\"amount\\\": 100, \\\"to\\\": \\\"bob\\\"}";

    private final ApiClient api = Platform.get().api;

    @Test
    void anApprovedCallRunsOnceWithTheModelsArgumentsAfterTheRunWaitedWithoutHoldingASlot() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering();
                ApiClient.LiveStream tenantStream = api.followPath(tenant.key(), "/v1/events", null)) {
            transfers.registerAsTransferTool(api, tenant);
            String id = submit(tenant, 86_400);
            Response waiting = awaitStatus(tenant, id, "waiting");

            JsonNode pending = waiting.body().get("pending_approval");
            assertThat(pending.get("tool").asString()).isEqualTo("transfer");
            assertThat(pending.get("arguments")).isEqualTo(JSON.readTree("{\"amount\": 100, \"to\": \"bob\"}"));
            assertThat(Duration.between(Instant.parse(pending.get("requested_at").asString()),
                    Instant.parse(pending.get("expires_at").asString()))).isEqualTo(Duration.ofDays(1));
            String callId = pending.get("call_id").asString();
            assertThat(transfers.received).as("nothing is sent before a person decides").isEmpty();
            JsonNode usage = api.get(tenant.key(), "/v1/tenant").body().get("usage");
            assertThat(usage.get("running_executions").asLong()).as("no running slot held").isZero();
            assertThat(usage.get("queued_executions").asLong()).isZero();
            assertThat(usage.get("waiting_executions").asLong()).isEqualTo(1);
            assertThat(api.get(tenant.key(), "/v1/executions?status=waiting").body().get("data"))
                    .extracting(execution -> execution.get("id").asString()).containsExactly(id);

            Response decided = decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
            assertThat(decided.status()).as(decided.raw()).isEqualTo(202);
            assertThat(decided.body().get("pending_approval").isNull()).isTrue();

            Response finished = awaitStatus(tenant, id, "succeeded");
            assertThat(finished.text("result")).isEqualTo("The transfer tool returned: {\"transfer\": \"t-1\"}");
            assertThat(transfers.received).singleElement().satisfies(call -> {
                assertThat(call.method()).isEqualTo("POST");
                assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree("{\"amount\": 100, \"to\": \"bob\"}"));
                assertThat(call.idempotencyKey()).isEqualTo(id + ":" + callId);
            });
            JsonNode steps = steps(tenant, id);
            assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                    .as("the model was asked twice, not three times").containsExactly(
                            "llm:offline:deterministic", "tool:transfer", "llm:offline:deterministic");
            assertThat(steps.get(1).get("output").get("approval").get("decision").asString()).isEqualTo("approve");

            List<String> types = api.events(tenant.key(), id, null).types();
            assertThat(types).containsSubsequence("queued", "running", "step", "waiting", "approval", "running", "step",
                    "step", "succeeded");
            await("the waiting event on the tenant stream").atMost(Duration.ofSeconds(10)).until(() -> tenantStream.events.stream()
                    .anyMatch(event -> "waiting".equals(event.type()) && event.data().get("execution_id").asString().equals(id)
                            && event.data().get("payload").get("pending_approval").get("call_id").asString().equals(callId)));

            Response again = decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
            assertThat(again.status()).as(again.raw()).isEqualTo(409);
            assertThat(again.text("code")).isEqualTo("NOT_WAITING");
        }
    }

    @Test
    void editedArgumentsAreCheckedAgainstTheToolsSchemaAndTheToolRunsWithTheEdit() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            String id = submit(tenant, 86_400);
            String callId = awaitStatus(tenant, id, "waiting").body().get("pending_approval").get("call_id").asString();

            Response wrongType = decide(tenant, id, approveWith(callId, "{\"amount\": \"lots\"}"));
            assertThat(wrongType.status()).as(wrongType.raw()).isEqualTo(422);
            assertThat(wrongType.text("code")).isEqualTo("INVALID_ARGUMENTS");
            assertThat(wrongType.body().get("errors")).extracting(error -> error.get("field").asString())
                    .containsExactly("arguments.amount");
            Response unknownField = decide(tenant, id, approveWith(callId, "{\"amount\": 5, \"iban\": \"X\"}"));
            assertThat(unknownField.status()).as(unknownField.raw()).isEqualTo(422);
            assertThat(unknownField.body().get("errors")).extracting(error -> error.get("field").asString())
                    .containsExactly("arguments.iban");
            Response missing = decide(tenant, id, approveWith(callId, "{\"to\": \"bob\"}"));
            assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
            Response wrongCall = decide(tenant, id, approveWith("call_99", "{\"amount\": 50}"));
            assertThat(wrongCall.status()).as(wrongCall.raw()).isEqualTo(409);
            assertThat(wrongCall.text("code")).isEqualTo("WRONG_CALL_ID");
            Response rejectWithArguments = decide(tenant, id,
                    "{\"call_id\": \"%s\", \"decision\": \"reject\", \"arguments\": {\"amount\": 1}}".formatted(callId));
            assertThat(rejectWithArguments.status()).as(rejectWithArguments.raw()).isEqualTo(400);
            Response noDecision = decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"maybe\"}".formatted(callId));
            assertThat(noDecision.status()).as(noDecision.raw()).isEqualTo(400);
            assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("status")).as("refusals change nothing")
                    .isEqualTo("waiting");

            Response edited = decide(tenant, id, approveWith(callId, "{\"amount\": 50, \"to\": \"bob\"}"));
            assertThat(edited.status()).as(edited.raw()).isEqualTo(202);

            awaitStatus(tenant, id, "succeeded");
            assertThat(transfers.received).singleElement().satisfies(call ->
                    assertThat(JSON.readTree(call.body())).isEqualTo(JSON.readTree("{\"amount\": 50, \"to\": \"bob\"}")));
            JsonNode tool = steps(tenant, id).get(1);
            assertThat(JSON.readTree(tool.get("input").get("arguments").asString()))
                    .isEqualTo(JSON.readTree("{\"amount\": 50, \"to\": \"bob\"}"));
            assertThat(tool.get("output").get("approval").get("arguments").get("amount").asInt()).isEqualTo(50);
        }
    }

    @Test
    void aRejectedCallIsNeverMadeAndTheModelAnswersWithTheReason() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            String id = submit(tenant, 86_400);
            String callId = awaitStatus(tenant, id, "waiting").body().get("pending_approval").get("call_id").asString();

            Response rejected = decide(tenant, id,
                    "{\"call_id\": \"%s\", \"decision\": \"reject\", \"reason\": \"over the daily limit\"}".formatted(callId));
            assertThat(rejected.status()).as(rejected.raw()).isEqualTo(202);

            Response finished = awaitStatus(tenant, id, "succeeded");
            assertThat(finished.text("result")).isEqualTo("The transfer tool could not answer: rejected: over the daily limit");
            assertThat(transfers.received).isEmpty();
            JsonNode tool = steps(tenant, id).get(1);
            assertThat(tool.get("output").get("error").asString()).isEqualTo("rejected: over the daily limit");
            assertThat(tool.get("output").get("approval").get("decision").asString()).isEqualTo("reject");
        }
    }

    @Test
    void onAThreadARejectionIsTheCallsResultThereTooSoLaterTurnsSeeIt() {
        Tenants.Created tenant = Tenants.create();
        String thread = api.call("POST", "/v1/threads", tenant.key(), "{}").id();
        String id = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(), """
                {"agent": {"tools": ["calculator"], "require_approval": ["calculator"]}, "input": "What is 6 * 7?"}""").id();
        String callId = awaitStatus(tenant, id, "waiting").body().get("pending_approval").get("call_id").asString();

        Response rejected = decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"reject\", \"reason\": \"not today\"}"
                .formatted(callId));
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(202);
        awaitStatus(tenant, id, "succeeded");

        JsonNode messages = api.get(tenant.key(), "/v1/threads/" + thread + "/messages").body().get("data");
        assertThat(messages).extracting(message -> message.get("role").asString())
                .containsExactly("user", "assistant", "tool", "assistant");
        assertThat(messages.get(1).get("tool_calls").get(0).get("id").asString()).isEqualTo(callId);
        assertThat(messages.get(2).get("tool_call_id").asString()).isEqualTo(callId);
        assertThat(messages.get(2).get("content").asString()).isEqualTo("rejected: not today");
    }

    @Test
    void aCallNobodyDecidesOnInTimeEndsTheRunFailedWithApprovalExpired() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            String id = submit(tenant, 1);

            Response failed = awaitStatus(tenant, id, "failed");
            assertThat(failed.body().get("error").get("code").asString()).isEqualTo("APPROVAL_EXPIRED");
            assertThat(failed.body().get("pending_approval").isNull()).isTrue();
            assertThat(transfers.received).isEmpty();
            assertThat(api.events(tenant.key(), id, null).types()).endsWith("waiting", "failed");
            Response late = decide(tenant, id, approveWith("call_2", "{\"amount\": 1}"));
            assertThat(late.status()).as(late.raw()).isEqualTo(409);
        }
    }

    @Test
    void aWaitingRunIsCancelledAtOnce() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            String id = submit(tenant, 86_400);
            String callId = awaitStatus(tenant, id, "waiting").body().get("pending_approval").get("call_id").asString();

            Response cancelled = api.call("POST", "/v1/executions/" + id + "/cancel", tenant.key(), null);
            assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
            assertThat(cancelled.text("status")).isEqualTo("cancelled");
            assertThat(api.events(tenant.key(), id, null).types()).endsWith("waiting", "cancelled");
            Response late = decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
            assertThat(late.status()).as(late.raw()).isEqualTo(409);
            assertThat(transfers.received).isEmpty();
        }
    }

    @Test
    void timeSpentWaitingDoesNotCountAgainstTheRunsTimeout() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"tools": ["transfer"], "require_approval": ["transfer"], "timeout_seconds": 3},
                     "input": "%s"}""".formatted(INPUT));
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            String id = submitted.id();
            String callId = awaitStatus(tenant, id, "waiting").body().get("pending_approval").get("call_id").asString();
            await("longer than timeout_seconds, waiting").pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> "waiting".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));

            decide(tenant, id, "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));

            assertThat(awaitFinished(tenant, id).text("status")).as("the wait did not use up the 3 s").isEqualTo("succeeded");
            assertThat(transfers.received).hasSize(1);
        }
    }

    @Test
    void runsWaitingForApprovalCountAgainstTheTenantsQueueBound() {
        Tenants.Created tenant = Tenants.create("\"max_queued_executions\": 2");
        String body = """
                {"agent": {"tools": ["calculator"], "require_approval": ["calculator"]}, "input": "What is 6 * 7?"}""";
        for (int i = 0; i < 2; i++) {
            String id = api.call("POST", "/v1/executions", tenant.key(), body).id();
            awaitStatus(tenant, id, "waiting");
        }

        Response refused = api.call("POST", "/v1/executions", tenant.key(), body);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
        assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");
    }

    @Test
    void requireApprovalMayNameOnlyTheAgentsToolsAndItsTimeoutIsBounded() {
        Tenants.Created tenant = Tenants.create();
        Response notATool = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent": {"tools": ["calculator"], "require_approval": ["current_time"]}, "input": "1 + 1"}""");
        assertThat(notATool.status()).as(notATool.raw()).isEqualTo(400);
        assertThat(notATool.body().get("errors").get(0).get("field").asString()).isEqualTo("require_approval");
        Response tooLong = api.call("POST", "/v1/agents", tenant.key(), """
                {"name": "a", "tools": ["calculator"], "require_approval": ["*"], "approval_timeout_seconds": 99999999}""");
        assertThat(tooLong.status()).as(tooLong.raw()).isEqualTo(400);
        Response stored = api.call("POST", "/v1/agents", tenant.key(), """
                {"name": "a", "tools": ["calculator"], "require_approval": ["*"], "approval_timeout_seconds": 600}""");
        assertThat(stored.status()).as(stored.raw()).isEqualTo(201);
        assertThat(stored.body().get("require_approval").get(0).asString()).isEqualTo("*");
        assertThat(stored.body().get("approval_timeout_seconds").asInt()).isEqualTo(600);

        Response run = api.call("POST", "/v1/agents/" + stored.id() + "/executions", tenant.key(), "{\"input\": \"2 * 21\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        Response waiting = awaitStatus(tenant, run.id(), "waiting");
        assertThat(waiting.body().get("pending_approval").get("tool").asString()).isEqualTo("calculator");
        assertThat(api.call("POST", "/v1/executions/" + run.id() + "/cancel", tenant.key(), null).status()).isEqualTo(202);
    }

    @Test
    void theApprovalPathIsDocumentedWithExamplesOfEachDecision() {
        JsonNode operation = api.get(null, "/v3/api-docs").body().get("paths").get("/v1/executions/{id}/approval").get("post");

        assertThat(operation.get("requestBody").get("content").get("application/json").get("examples").propertyNames())
                .contains("approve", "edit and approve", "reject");
        assertThat(operation.get("responses").propertyNames()).contains("202", "400", "404", "409", "422");
    }

    private String submit(Tenants.Created tenant, int approvalTimeoutSeconds) {
        Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent": {"tools": ["transfer"], "require_approval": ["transfer"], "approval_timeout_seconds": %d},
                 "input": "%s"}""".formatted(approvalTimeoutSeconds, INPUT));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
        return submitted.id();
    }

    private Response awaitStatus(Tenants.Created tenant, String id, String status) {
        await(id + " " + status).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> status.equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));
        return api.get(tenant.key(), "/v1/executions/" + id);
    }

    private Response awaitFinished(Tenants.Created tenant, String id) {
        await(id + " finished").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> List.of(
                "succeeded", "failed", "cancelled", "timed_out").contains(api.get(tenant.key(), "/v1/executions/" + id).text("status")));
        return api.get(tenant.key(), "/v1/executions/" + id);
    }

    private Response decide(Tenants.Created tenant, String id, String body) {
        return api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(), body);
    }

    private JsonNode steps(Tenants.Created tenant, String id) {
        return api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
    }

    private static String approveWith(String callId, String arguments) {
        return "{\"call_id\": \"%s\", \"decision\": \"approve\", \"arguments\": %s}".formatted(callId, arguments);
    }
}
