package com.agentplatform.e2e;

import static com.agentplatform.e2e.Workflows.awaitEnd;
import static com.agentplatform.e2e.Workflows.create;
import static com.agentplatform.e2e.Workflows.errorFields;
import static com.agentplatform.e2e.Workflows.run;
import static com.agentplatform.e2e.Workflows.step;
import static com.agentplatform.e2e.Workflows.stepStatuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Workflow runs end to end: each step type, joins, conditions, cancel, bad definitions and tenant isolation. */
@Timeout(180)
class WorkflowsTest {

    private static final String OFFLINE = "{\"tools\": []}";
    private static final String SLOW = "{\"model\": \"simulated:default\", \"tools\": [\"calculator\"]}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ApiClient api;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
    }

    private static String agent(String id, String agent, String input) {
        return "{\"id\": \"" + id + "\", \"type\": \"agent\", \"agent\": " + agent + ", \"input\": \"" + input + "\"}";
    }

    @Test
    void aToolStepFeedsAnAgentStepAndTheRunEndsWithTheLastResult() {
        Tenants.Created tenant = Tenants.create();
        String workflow = create(api, tenant.key(), "[{\"id\": \"calc\", \"type\": \"tool\", \"tool\": \"calculator\","
                + " \"arguments\": {\"expression\": \"{{input}}\"}}, " + agent("write", OFFLINE, "Write about {{steps.calc.result}}") + "]");

        Response run = awaitEnd(api, tenant.key(), run(api, tenant.key(), workflow, "6 * 7"), Duration.ofSeconds(30));

        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
        assertThat(step(run, "calc").get("result").asString()).isEqualTo("42");
        assertThat(run.text("result")).isEqualTo("Offline model received: Write about 42");
        String child = step(run, "write").get("execution_id").asString();
        Response execution = api.get(tenant.key(), "/v1/executions/" + child);
        assertThat(execution.text("workflow_run_id")).isEqualTo(run.id());
        assertThat(execution.text("parent_id")).isNull();
        Response toolChild = api.get(tenant.key(), "/v1/executions/" + step(run, "calc").get("execution_id").asString() + "/steps");
        assertThat(toolChild.body().get("data")).extracting(s -> s.get("kind").asString() + ":" + s.get("name").asString())
                .contains("tool:calculator");
    }

    @Test
    void theExampleWorkflowsOfLocalModeRunOnTheOfflineModel() {
        String acme = "acme-local-key";
        Map<String, String> ids = new HashMap<>();
        api.get(acme, "/v1/workflows?limit=100").body().get("data")
                .forEach(workflow -> ids.put(workflow.get("name").asString(), workflow.get("id").asString()));
        assertThat(ids).containsKeys("research-write-review", "parallel-research", "triage", "map-join",
                "supervisor-with-specialists");

        Map<String, String> inputs = Map.of(
                "research-write-review", "\"solar power\"",
                "parallel-research", "\"electric ferries\"",
                "triage", "\"I want a refund for invoice 42\"",
                "map-join", "\"[\\\"Paris\\\", \\\"Tokyo\\\", \\\"Lima\\\"]\"",
                "supervisor-with-specialists", "\"the printing press\"");
        Map<String, Response> ended = new HashMap<>();
        inputs.forEach((name, input) -> {
            Response run = api.call("POST", "/v1/workflows/" + ids.get(name) + "/runs", acme, "{\"input\": " + input + "}");
            assertThat(run.status()).as(run.raw()).isEqualTo(202);
            ended.put(name, awaitEnd(api, acme, run.id(), Duration.ofSeconds(30)));
        });
        ended.forEach((name, run) -> assertThat(run.text("status")).as(name + ": " + run.raw()).isEqualTo("succeeded"));
        assertThat(step(ended.get("triage"), "route").get("branch").asString()).isEqualTo("then");
        assertThat(ended.get("map-join").text("result")).contains("Join 3 descriptions").contains("Describe Paris")
                .contains("Describe Lima");
        assertThat(ended.get("research-write-review").text("result")).startsWith("Offline model received: Review this draft");
        assertThat(ended.get("supervisor-with-specialists").text("result")).as("the supervisor answers from both specialists")
                .contains("researcher: ").contains("writer: ");
    }

    @Test
    void aRunsEndIsAnnouncedToWebhooksThatAskForIt() throws Exception {
        Tenants.Created tenant = Tenants.create();
        try (WebhookReceiver receiver = WebhookReceiver.failingFirst(0)) {
            Response endpoint = api.call("POST", "/v1/webhooks", tenant.key(), """
                    {"url": "%s", "events": ["workflow_run.succeeded", "workflow_run.failed"]}""".formatted(receiver.url()));
            assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(201);
            String workflow = create(api, tenant.key(), "[" + agent("only", OFFLINE, "hello") + "]");
            String run = run(api, tenant.key(), workflow, "go");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received.size() >= 1);
            JsonNode body = JSON.readTree(receiver.received.getFirst().body());
            assertThat(body.get("type").asString()).isEqualTo("workflow_run.succeeded");
            assertThat(body.get("data").get("workflow_run").get("id").asString()).isEqualTo(run);
            assertThat(body.get("data").get("workflow_run").get("result").asString()).isEqualTo("Offline model received: hello");
        }
    }

    @Test
    void aToolStepWhoseToolFailsFailsTheRunUnlessItContinuesOnError() {
        Tenants.Created tenant = Tenants.create();
        String failing = create(api, tenant.key(), "[{\"id\": \"calc\", \"type\": \"tool\", \"tool\": \"calculator\","
                + " \"arguments\": {\"expression\": \"1 / (\"}}, " + agent("after", OFFLINE, "after") + "]");
        Response failed = awaitEnd(api, tenant.key(), run(api, tenant.key(), failing, "x"), Duration.ofSeconds(30));
        assertThat(failed.text("status")).as(failed.raw()).isEqualTo("failed");
        assertThat(stepStatuses(failed)).containsExactly("calc:failed");

        String tolerant = create(api, tenant.key(), "[{\"id\": \"calc\", \"type\": \"tool\", \"tool\": \"calculator\","
                + " \"continue_on_error\": true, \"arguments\": {\"expression\": \"1 / (\"}}, " + agent("after", OFFLINE, "after") + "]");
        Response goesOn = awaitEnd(api, tenant.key(), run(api, tenant.key(), tolerant, "x"), Duration.ofSeconds(30));
        assertThat(goesOn.text("status")).as(goesOn.raw()).isEqualTo("succeeded");
        assertThat(stepStatuses(goesOn)).containsExactly("calc:failed", "after:succeeded");
    }

    @Test
    void aParallelStepJoinsAllBranchesAndAConditionTakesExactlyOneBranch() {
        Tenants.Created tenant = Tenants.create();
        String workflow = create(api, tenant.key(), "[{\"id\": \"fan\", \"type\": \"parallel\", \"join\": \"all\", \"branches\": [["
                + agent("alpha", OFFLINE, "alpha {{input}}") + "], [" + agent("beta", OFFLINE, "beta {{input}}") + "]]},"
                + " {\"id\": \"route\", \"type\": \"condition\", \"when\": \"steps.alpha.result.contains('alpha') && size(steps.fan.output) == 2\","
                + " \"then\": [" + agent("yes", OFFLINE, "both: {{steps.fan.output.0}} / {{steps.fan.output.1}}") + "],"
                + " \"else\": [" + agent("no", OFFLINE, "no") + "]}]");

        Response run = awaitEnd(api, tenant.key(), run(api, tenant.key(), workflow, "go"), Duration.ofSeconds(30));

        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
        assertThat(run.text("result")).isEqualTo(
                "Offline model received: both: Offline model received: alpha go / Offline model received: beta go");
        assertThat(stepStatuses(run)).containsExactlyInAnyOrder("fan:succeeded", "alpha:succeeded", "beta:succeeded",
                "route:succeeded", "yes:succeeded");
        assertThat(step(run, "route").get("branch").asString()).isEqualTo("then");
    }

    @Test
    void joinAnyTakesTheFirstSuccessAndCancelsTheLosers() {
        Tenants.Created tenant = Tenants.create();
        String workflow = create(api, tenant.key(), "[{\"id\": \"race\", \"type\": \"parallel\", \"join\": \"any\", \"branches\": [["
                + agent("slow", SLOW, "What is 6 * 7?") + "], [" + agent("fast", OFFLINE, "quick") + "]]}]");

        Response run = awaitEnd(api, tenant.key(), run(api, tenant.key(), workflow, "go"), Duration.ofSeconds(30));

        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
        assertThat(run.text("result")).isEqualTo("Offline model received: quick");
        assertThat(step(run, "slow").get("status").asString()).isEqualTo("cancelled");
        String loser = step(run, "slow").get("execution_id").asString();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(api.get(tenant.key(), "/v1/executions/" + loser).text("status")).isEqualTo("cancelled"));
    }

    @Test
    void twoBranchesEndingTogetherFireTheJoinOnceFiftyTimesOver() throws Exception {
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 200, \"max_queued_executions\": 1000");
        String workflow = create(api, tenant.key(), "[{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [["
                + agent("a", OFFLINE, "a") + "], [" + agent("b", OFFLINE, "b") + "]]}, " + agent("join", OFFLINE, "{{steps.fan.result}}") + "]");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            runs.add(run(api, tenant.key(), workflow, "go"));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> ended = runs.stream()
                    .map(run -> pool.submit(() -> awaitEnd(api, tenant.key(), run, Duration.ofSeconds(90)))).toList();
            for (Future<Response> future : ended) {
                Response run = future.get();
                assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
                assertThat(stepStatuses(run)).containsExactlyInAnyOrder("fan:succeeded", "a:succeeded", "b:succeeded",
                        "join:succeeded");
                List<String> events = runEvents(tenant.key(), run.id(), null);
                assertThat(events).filteredOn("step_started"::equals).hasSize(4);
                assertThat(events).filteredOn("step_finished"::equals).hasSize(4);
            }
        }
    }

    /** The run's stream until it ends: its own events' types (children's events come as "execution"). */
    private static List<String> runEvents(String key, String run, String lastEventId) {
        try (ApiClient.LiveStream stream = api.followPath(key, "/v1/workflow-runs/" + run + "/events", lastEventId)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> stream.types().stream().anyMatch(Workflows.ENDED::contains));
            return stream.types();
        }
    }

    @Test
    void theRunsStreamShowsItsStepsAndItsChildrensEventsAndResumesAfterLastEventId() {
        Tenants.Created tenant = Tenants.create();
        String workflow = create(api, tenant.key(), "[" + agent("one", OFFLINE, "one") + ", " + agent("two", OFFLINE, "two") + "]");
        String run = run(api, tenant.key(), workflow, "go");
        awaitEnd(api, tenant.key(), run, Duration.ofSeconds(30));

        List<String> all = runEvents(tenant.key(), run, null);
        assertThat(all).filteredOn(type -> !type.equals("execution"))
                .containsExactly("step_started", "step_finished", "step_started", "step_finished", "succeeded");
        assertThat(all).filteredOn("execution"::equals).hasSizeGreaterThanOrEqualTo(6);
        assertThat(runEvents(tenant.key(), run, "3")).filteredOn(type -> !type.equals("execution"))
                .containsExactly("step_finished", "succeeded");
    }

    @Test
    void cancellingARunCancelsItsChildren() {
        Tenants.Created tenant = Tenants.create();
        String workflow = create(api, tenant.key(), "[{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [["
                + agent("a", SLOW, "What is 1 + 1?") + "], [" + agent("b", SLOW, "What is 2 + 2?") + "], ["
                + agent("c", SLOW, "What is 3 + 3?") + "]]}, " + agent("never", OFFLINE, "never") + "]");
        String id = run(api, tenant.key(), workflow, "go");
        Response started = api.get(tenant.key(), "/v1/workflow-runs/" + id);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(tenant.key(), "/v1/executions/"
                + step(started, "a").get("execution_id").asString()).text("status").equals("running"));

        Response cancelled = api.call("POST", "/v1/workflow-runs/" + id + "/cancel", tenant.key(), null);

        assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        for (String leaf : List.of("a", "b", "c")) {
            String child = step(started, leaf).get("execution_id").asString();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(api.get(tenant.key(), "/v1/executions/" + child).text("status")).isEqualTo("cancelled"));
        }
        Response after = api.get(tenant.key(), "/v1/workflow-runs/" + id);
        assertThat(stepStatuses(after)).doesNotContain("never:running", "never:succeeded");
        assertThat(api.call("POST", "/v1/workflow-runs/" + id + "/cancel", tenant.key(), null).status()).isEqualTo(409);
    }

    @Test
    void aToolStepsArgumentsTakeTheTypesTheToolDeclares() {
        Tenants.Created tenant = Tenants.create();
        try (ToolEndpoint transfers = ToolEndpoint.answering()) {
            transfers.registerAsTransferTool(api, tenant);
            String workflow = create(api, tenant.key(), "[{\"id\": \"pay\", \"type\": \"tool\", \"tool\": \"transfer\","
                    + " \"arguments\": {\"amount\": \"{{input}}\", \"to\": \"{{input}}\"}}]");

            Response run = awaitEnd(api, tenant.key(), run(api, tenant.key(), workflow, "100"), Duration.ofSeconds(30));

            assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
            assertThat(transfers.received).singleElement().satisfies(call -> assertThat(JSON.readTree(call.body()))
                    .as("the integer parameter gets a number, the text one text").isEqualTo(JSON.readTree("{\"amount\": 100, \"to\": \"100\"}")));
        }
    }

    @Test
    void aRunsInputIsHeldToTheWorkflowsInputSchema() {
        Tenants.Created tenant = Tenants.create();
        Response typed = api.call("POST", "/v1/workflows", tenant.key(), """
                {"name": "typed", "input_schema": {"type": "object", "properties": {"topic": {"type": "string", "maxLength": 20}},
                  "required": ["topic"], "additionalProperties": false},
                 "steps": [%s]}""".formatted(agent("write", OFFLINE, "Write about {{input}}")));
        assertThat(typed.status()).as(typed.raw()).isEqualTo(201);

        Response fits = startRun(tenant, typed.id(), "{\"topic\": \"tides\"}");
        assertThat(fits.status()).as(fits.raw()).isEqualTo(202);
        assertThat(awaitEnd(api, tenant.key(), fits.id(), Duration.ofSeconds(30)).text("status")).isEqualTo("succeeded");

        Response notJson = startRun(tenant, typed.id(), "tides");
        assertThat(notJson.status()).as(notJson.raw()).isEqualTo(400);
        assertThat(notJson.text("code")).isEqualTo("VALIDATION_FAILED");
        assertThat(errorFields(notJson)).containsExactly("input");
        Response wrongFields = startRun(tenant, typed.id(), "{\"subject\": \"tides\"}");
        assertThat(wrongFields.status()).as(wrongFields.raw()).isEqualTo(400);
        assertThat(errorFields(wrongFields)).containsExactlyInAnyOrder("input.topic", "input.subject");
        assertThat(errorFields(startRun(tenant, typed.id(), "{\"topic\": \"the whole history of tidal power\"}")))
                .containsExactly("input.topic");

        Response text = api.call("POST", "/v1/workflows", tenant.key(), """
                {"name": "short", "input_schema": {"type": "string", "maxLength": 5}, "steps": [%s]}"""
                .formatted(agent("write", OFFLINE, "Write about {{input}}")));
        assertThat(startRun(tenant, text.id(), "42").status()).as("text, though it reads as a JSON number").isEqualTo(202);
        assertThat(errorFields(startRun(tenant, text.id(), "tidal power"))).containsExactly("input");

        Response misspelt = api.call("POST", "/v1/workflows", tenant.key(), """
                {"name": "bad", "input_schema": {"type": "obj", "properties": {"n": {"type": "integer", "minimum": "1"}}},
                 "steps": [%s]}""".formatted(agent("write", OFFLINE, "x")));
        assertThat(misspelt.status()).as(misspelt.raw()).isEqualTo(422);
        assertThat(errorFields(misspelt)).containsExactlyInAnyOrder("input_schema.type", "input_schema.properties.n.minimum");
        assertThat(api.get(tenant.key(), "/v1/workflow-runs?workflow_id=" + typed.id()).body().get("data"))
                .as("refused inputs start no run").hasSize(1);
    }

    @Test
    void aRunWhoseFirstStepsDoNotFitTheTenantsQueueIsRefusedWhole() {
        Tenants.Created tenant = Tenants.create("\"max_queued_executions\": 2");
        String three = create(api, tenant.key(), "[{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [["
                + agent("a", SLOW, "a") + "], [" + agent("b", SLOW, "b") + "], [" + agent("c", SLOW, "c") + "]]}]");

        Response refused = startRun(tenant, three, "tides");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
        assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");
        assertThat(api.get(tenant.key(), "/v1/workflow-runs?workflow_id=" + three).body().get("data")).as("no run stored").isEmpty();
        assertThat(api.get(tenant.key(), "/v1/executions").body().get("data")).as("no child queued").isEmpty();
        String two = create(api, tenant.key(), "[{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [["
                + agent("a", SLOW, "a") + "], [" + agent("b", SLOW, "b") + "]]}]");
        Response fits = startRun(tenant, two, "tides");
        assertThat(fits.status()).as(fits.raw()).isEqualTo(202);
        assertThat(awaitEnd(api, tenant.key(), fits.id(), Duration.ofSeconds(30)).text("status")).isEqualTo("succeeded");
    }

    private static Response startRun(Tenants.Created tenant, String workflow, String input) {
        return api.call("POST", "/v1/workflows/" + workflow + "/runs", tenant.key(), JSON.writeValueAsString(Map.of("input", input)));
    }

    @Test
    void badDefinitionsAre422WithTheFieldPathOfTheStepAtFault() {
        Tenants.Created tenant = Tenants.create();
        Response refused = api.call("POST", "/v1/workflows", tenant.key(), "{\"name\": \"bad\", \"steps\": ["
                + "{\"id\": \"gate\", \"type\": \"condition\", \"when\": \"java.lang.Runtime.getRuntime().exec('id') != null\","
                + " \"then\": [" + agent("x", OFFLINE, "x") + "]},"
                + "{\"id\": \"fan\", \"type\": \"parallel\", \"branches\": [[" + agent("a", OFFLINE, "a") + "], ["
                + agent("b", OFFLINE, "b") + ", " + agent("c", OFFLINE, "{{steps.later.result}}") + "]]},"
                + agent("a", OFFLINE, "duplicate id") + ", " + agent("later", OFFLINE, "{{steps.a.result}}") + "]}");

        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.text("code")).isEqualTo("WORKFLOW_INVALID");
        assertThat(errorFields(refused)).containsExactly("steps[0].when", "steps[1].branches[1][1].input", "steps[2].id");

        for (String sandboxEscape : List.of("System.exit(1) == 0", "input.getClass() != null", "env.HOME != ''",
                "readFile('/etc/passwd') != ''")) {
            Response escape = api.call("POST", "/v1/workflows", tenant.key(), "{\"name\": \"escape\", \"steps\": ["
                    + "{\"id\": \"gate\", \"type\": \"condition\", \"when\": \"" + sandboxEscape + "\", \"then\": ["
                    + agent("x", OFFLINE, "x") + "]}]}");
            assertThat(escape.status()).as(sandboxEscape + ": " + escape.raw()).isEqualTo(422);
            assertThat(errorFields(escape)).containsExactly("steps[0].when");
        }
    }

    @Test
    void anotherTenantsAgentIsRefusedAndItsWorkflowsAndRunsAreNotFound() {
        Tenants.Created owner = Tenants.create();
        Tenants.Created other = Tenants.create();
        Response agent = api.call("POST", "/v1/agents", owner.key(), "{\"name\": \"private\", \"tools\": []}");
        assertThat(agent.status()).as(agent.raw()).isEqualTo(201);
        String steps = "[{\"id\": \"s\", \"type\": \"agent\", \"agent_id\": \"" + agent.id() + "\", \"input\": \"{{input}}\"}]";

        Response refused = api.call("POST", "/v1/workflows", other.key(), "{\"name\": \"steal\", \"steps\": " + steps + "}");
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("UNKNOWN_AGENT");
        assertThat(errorFields(refused)).containsExactly("steps[0].agent_id");

        String workflow = create(api, owner.key(), steps);
        String run = run(api, owner.key(), workflow, "mine");
        assertThat(awaitEnd(api, owner.key(), run, Duration.ofSeconds(30)).text("status")).isEqualTo("succeeded");
        assertThat(api.get(other.key(), "/v1/workflows/" + workflow).status()).isEqualTo(404);
        assertThat(api.get(other.key(), "/v1/workflow-runs/" + run).status()).isEqualTo(404);
        assertThat(api.get(other.key(), "/v1/workflow-runs/" + run + "/events").status()).isEqualTo(404);
        assertThat(api.call("POST", "/v1/workflow-runs/" + run + "/cancel", other.key(), null).status()).isEqualTo(404);
        assertThat(api.call("POST", "/v1/workflows/" + workflow + "/runs", other.key(), "{\"input\": \"x\"}").status())
                .isEqualTo(404);
        assertThat(api.get(other.key(), "/v1/workflow-runs?workflow_id=" + workflow).body().get("data")).isEmpty();
    }
}
