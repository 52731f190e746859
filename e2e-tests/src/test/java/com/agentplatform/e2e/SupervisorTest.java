package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Agents as tools (the supervisor pattern), on the offline model, which delegates to every agent it is offered in one
 * reply and then sums up their answers: each call is a child execution, the parent waits holding no slot, and resumes
 * from its recorded steps once every child has ended, with no model call repeated.
 */
@Timeout(180)
class SupervisorTest {

    @Test
    void aSupervisorDelegatesToTwoAgentsAndResumesWithoutRepeatingItsModelCalls() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        List<String> specialists = Supervisors.specialists(api, tenant);
        String supervisor = Supervisors.agent(api, tenant, "supervisor", "[]", specialists);

        String id = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent_id": "%s", "input": "a note on tides"}""".formatted(supervisor)).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> Supervisors.isFinished(api.get(tenant.key(), "/v1/executions/" + id)));
        Response done = api.get(tenant.key(), "/v1/executions/" + id);

        assertThat(done.text("status")).as(done.raw()).isEqualTo("succeeded");
        assertThat(done.text("result")).isEqualTo("""
                researcher: Offline model received: a note on tides
                writer: Offline model received: a note on tides""");
        JsonNode steps = api.get(tenant.key(), "/v1/executions/" + done.id() + "/steps").body().get("data");
        assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                .as("one model call before the wait, one after it: none repeated")
                .containsExactly("llm:offline:deterministic", "tool:researcher", "tool:writer", "llm:offline:deterministic");
        List<Response> children = new ArrayList<>();
        for (JsonNode call : List.of(steps.get(1), steps.get(2))) {
            Response child = api.get(tenant.key(), "/v1/executions/" + call.get("output").get("child").get("execution_id").asString());
            assertThat(child.text("status")).isEqualTo("succeeded");
            assertThat(child.text("parent_id")).isEqualTo(done.id());
            assertThat(call.get("output").get("result").asString()).isEqualTo(child.text("result"));
            children.add(child);
        }
        assertThat(children).extracting(child -> child.text("agent_id")).containsExactlyElementsOf(specialists);
        assertThat(api.events(tenant.key(), done.id(), null).types())
                .containsExactly("queued", "running", "step", "waiting", "step", "step", "queued", "running", "step",
                        "succeeded");
        assertThat(done.body().get("attempt").asInt()).as("the wait spent no attempt").isEqualTo(1);

        Response parent = api.get(tenant.key(), "/v1/executions/" + done.id());
        JsonNode usage = parent.body().get("usage");
        assertThat(usage.get("llm_calls").asInt()).as("the supervisor's own calls only").isEqualTo(2);
        assertThat(usage.get("tool_calls").asInt()).isEqualTo(2);
        JsonNode rolledUp = usage.get("children");
        assertThat(rolledUp.get("llm_calls").asInt()).isEqualTo(2);
        assertThat(rolledUp.get("input_tokens").asLong()).isEqualTo(children.stream()
                .mapToLong(child -> child.body().get("usage").get("input_tokens").asLong()).sum());
        assertThat(rolledUp.get("output_tokens").asLong()).isEqualTo(children.stream()
                .mapToLong(child -> child.body().get("usage").get("output_tokens").asLong()).sum());
        assertThat(children.getFirst().body().get("usage").has("children")).as("a child that called nobody").isFalse();
    }

    @Test
    void aSupervisorOnAThreadLeavesItsAgentsAnswersOnTheThreadAsToolMessages() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        List<String> specialists = Supervisors.specialists(api, tenant);
        String supervisor = Supervisors.agent(api, tenant, "supervisor", "[]", specialists);
        String thread = api.call("POST", "/v1/threads", tenant.key(), "{}").id();

        String id = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(), """
                {"agent_id": "%s", "input": "a note on tides"}""".formatted(supervisor)).id();
        await().atMost(Duration.ofSeconds(60)).until(() -> Supervisors.isFinished(api.get(tenant.key(), "/v1/executions/" + id)));
        assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("status")).isEqualTo("succeeded");

        JsonNode messages = api.get(tenant.key(), "/v1/threads/" + thread + "/messages").body().get("data");
        assertThat(messages).extracting(message -> message.get("role").asString())
                .containsExactly("user", "assistant", "tool", "tool", "assistant");
        List<String> asked = new ArrayList<>();
        messages.get(1).get("tool_calls").forEach(call -> asked.add(call.get("id").asString()));
        assertThat(List.of(messages.get(2), messages.get(3))).as("each agent's answer, for the call it answers")
                .extracting(message -> message.get("tool_call_id").asString()).containsExactlyInAnyOrderElementsOf(asked);
        assertThat(List.of(messages.get(2), messages.get(3))).extracting(message -> message.get("content").asString())
                .containsOnly("Offline model received: a note on tides");
        assertThat(messages).extracting(message -> message.get("execution_id").asString()).containsOnly(id);
    }

    @Test
    void underRequireApprovalForAllToolsEachAgentCallWaitsForAPersonWhoMayEditOrRejectIt() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        List<String> specialists = Supervisors.specialists(api, tenant);
        String supervisor = Supervisors.carefulSupervisor(api, tenant, "careful", specialists);
        String id = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent_id": "%s", "input": "a note on tides"}""".formatted(supervisor)).id();

        JsonNode first = awaitPendingApproval(api, tenant, id);
        assertThat(first.get("tool").asString()).isEqualTo("researcher");
        assertThat(Supervisors.childrenOf(api, tenant, id)).as("no child before the decision").isEmpty();
        Response notATask = api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(), """
                {"call_id": "%s", "decision": "approve", "arguments": {"task": "tides"}}""".formatted(first.get("call_id").asString()));
        assertThat(notATask.status()).as("held to the agent tool's parameters: " + notATask.raw()).isEqualTo(422);
        assertThat(notATask.text("code")).isEqualTo("INVALID_ARGUMENTS");
        assertThat(Workflows.errorFields(notATask)).containsExactly("arguments.input");
        Response edited = api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(), """
                {"call_id": "%s", "decision": "approve", "arguments": {"input": "tides, briefly"}}"""
                .formatted(first.get("call_id").asString()));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode pending = api.get(tenant.key(), "/v1/executions/" + id).body().get("pending_approval");
            return pending != null && !pending.isNull() && "writer".equals(pending.get("tool").asString());
        });
        Response rejected = api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(), """
                {"call_id": "%s", "decision": "reject", "reason": "no writing today"}"""
                .formatted(awaitPendingApproval(api, tenant, id).get("call_id").asString()));
        assertThat(rejected.status()).as(rejected.raw()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> Supervisors.isFinished(api.get(tenant.key(), "/v1/executions/" + id)));
        Response done = api.get(tenant.key(), "/v1/executions/" + id);
        assertThat(done.text("status")).as(done.raw()).isEqualTo("succeeded");
        assertThat(done.text("result")).isEqualTo("""
                researcher: Offline model received: tides, briefly
                writer: failed: rejected: no writing today""");
        JsonNode steps = api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
        assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                .containsExactly("llm:offline:deterministic", "tool:researcher", "tool:writer", "llm:offline:deterministic");
        assertThat(steps.get(1).get("output").get("approval").get("decision").asString()).isEqualTo("approve");
        assertThat(steps.get(1).get("output").get("child").get("status").asString()).isEqualTo("succeeded");
        assertThat(Supervisors.childrenOf(api, tenant, id)).as("one child: the rejected call started none").hasSize(1);
    }

    private static JsonNode awaitPendingApproval(ApiClient api, Tenants.Created tenant, String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode pending = api.get(tenant.key(), "/v1/executions/" + id).body().get("pending_approval");
            return pending != null && !pending.isNull();
        });
        return api.get(tenant.key(), "/v1/executions/" + id).body().get("pending_approval");
    }

    @Test
    void localModeSeedsASupervisorWithTwoSpecialistsThatRunsOnTheOfflineModel() {
        ApiClient api = Platform.get().api;
        String acme = "acme-local-key";
        JsonNode agents = api.get(acme, "/v1/agents?limit=100").body().get("data");
        String supervisor = null;
        for (JsonNode agent : agents) {
            if ("supervisor".equals(agent.get("name").asString())) {
                supervisor = agent.get("id").asString();
                assertThat(agent.get("agents")).hasSize(2);
            }
        }
        assertThat(supervisor).as("seeded: " + agents).isNotNull();
        String id = api.call("POST", "/v1/agents/" + supervisor + "/executions", acme, "{\"input\": \"tides\"}").id();
        await().atMost(Duration.ofSeconds(60)).until(() -> Supervisors.isFinished(api.get(acme, "/v1/executions/" + id)));
        assertThat(api.get(acme, "/v1/executions/" + id).text("result"))
                .isEqualTo("researcher: Offline model received: tides\nwriter: Offline model received: tides");
    }

    @Test
    void anAgentCallingItselfOrClosingACycleOrNamingAnotherTenantsAgentIsRefused() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        String a = Supervisors.agent(api, tenant, "a", "[]", null);
        String b = Supervisors.agent(api, tenant, "b", "[]", List.of(a));

        Response self = Supervisors.replace(api, tenant, a, "a", "[]", List.of(a));
        assertThat(self.status()).as(self.raw()).isEqualTo(400);
        assertThat(self.text("code")).isEqualTo("AGENT_CYCLE");
        Response cycle = Supervisors.replace(api, tenant, a, "a", "[]", List.of(b));
        assertThat(cycle.status()).as(cycle.raw()).isEqualTo(400);
        assertThat(cycle.text("code")).isEqualTo("AGENT_CYCLE");
        assertThat(cycle.text("detail")).contains("'a' → 'b' → 'a'");
        assertThat(api.get(tenant.key(), "/v1/agents/" + a).body().get("agents")).as("nothing stored").isEmpty();

        Tenants.Created other = Tenants.create();
        String theirs = Supervisors.agent(api, other, "theirs", "[]", null);
        Response foreign = Supervisors.create(api, tenant, "c", "[]", List.of(theirs));
        assertThat(foreign.status()).as(foreign.raw()).isEqualTo(400);
        assertThat(foreign.text("code")).isEqualTo("UNKNOWN_AGENT");
        Response inline = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent": {"agents": ["%s"]}, "input": "hi"}""".formatted(theirs));
        assertThat(inline.status()).as(inline.raw()).isEqualTo(400);
        assertThat(inline.text("code")).isEqualTo("UNKNOWN_AGENT");

        String c = Supervisors.agent(api, tenant, "c", "[]", List.of(b));
        String d = Supervisors.agent(api, tenant, "d", "[]", List.of(c));
        Response tooDeep = Supervisors.create(api, tenant, "e", "[]", List.of(d));
        assertThat(tooDeep.status()).as("e → d → c → b → a is 4 deep, 3 are allowed: " + tooDeep.raw()).isEqualTo(400);
        assertThat(tooDeep.text("code")).isEqualTo("AGENT_TOO_DEEP");

        String calculator = Supervisors.agent(api, tenant, "Calculator", "[]", null);
        Response collision = Supervisors.create(api, tenant, "maths", "[\"calculator\"]", List.of(calculator));
        assertThat(collision.status()).as(collision.raw()).isEqualTo(400);
        assertThat(collision.text("code")).isEqualTo("TOOL_NAME_COLLISION");
    }

    @Test
    void cancellingAWaitingSupervisorCancelsItsChildrenAndItStaysCancelled() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        String payer = Supervisors.approvingAgent(api, tenant, "payer");
        String auditor = Supervisors.approvingAgent(api, tenant, "auditor");
        String supervisor = Supervisors.agent(api, tenant, "boss", "[]", List.of(payer, auditor));
        Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent_id": "%s", "input": "What is 6 * 7?"}""".formatted(supervisor));
        List<String> children = Supervisors.awaitChildrenWaiting(api, tenant, submitted.id(), 2);

        Response cancelled = api.call("POST", "/v1/executions/" + submitted.id() + "/cancel", tenant.key(), null);
        assertThat(cancelled.text("status")).as(cancelled.raw()).isEqualTo("cancelled");
        for (String child : children) {
            assertThat(api.get(tenant.key(), "/v1/executions/" + child).text("status")).isEqualTo("cancelled");
        }
        // The children's ends reach the parent as every end does, and find it ended: nothing resumes it.
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(tenant.key(), "/v1/executions/" + submitted.id() + "/steps")
                .body().get("data").findValues("pending").isEmpty());
        assertThat(api.get(tenant.key(), "/v1/executions/" + submitted.id()).text("status")).isEqualTo("cancelled");
    }

    @Test
    void cancellingASupervisorStopsItsChildInTheMiddleOfAModelCallAtItsNextStep() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch frozen = new CountDownLatch(1);
        openAi.thenHold(FakeOpenAi.answer("too late"), frozen);
        Response created = api.call("POST", "/v1/agents", tenant.key(), """
                {"name": "slow", "model": "openai:gpt-4o-mini"}""");
        String supervisor = Supervisors.agent(api, tenant, "boss", "[]", List.of(created.id()));
        String id = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent_id": "%s", "input": "take your time"}""".formatted(supervisor)).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> openAi.requests.size() == 1);
        String child = Supervisors.childrenOf(api, tenant, id).getFirst();
        assertThat(api.get(tenant.key(), "/v1/executions/" + child).text("status")).isEqualTo("running");

        Response cancelled = api.call("POST", "/v1/executions/" + id + "/cancel", tenant.key(), null);
        assertThat(cancelled.text("status")).as(cancelled.raw()).isEqualTo("cancelled");
        frozen.countDown();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled".equals(api.get(tenant.key(), "/v1/executions/" + child).text("status")));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(tenant.key(), "/v1/executions/" + id + "/steps")
                .body().get("data").findValues("pending").isEmpty());
        assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("status")).isEqualTo("cancelled");
        assertThat(openAi.requests).as("the child asked its model nothing after the cancel").hasSize(1);
    }

    @Test
    void aChildCancelledOnItsOwnIsGivenToTheModelAsAnErrorAndTheParentResumesOnceEveryChildEnded() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        String payer = Supervisors.approvingAgent(api, tenant, "payer");
        String auditor = Supervisors.approvingAgent(api, tenant, "auditor");
        String supervisor = Supervisors.agent(api, tenant, "boss", "[]", List.of(payer, auditor));
        Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                {"agent_id": "%s", "input": "What is 6 * 7?"}""".formatted(supervisor));
        List<String> children = Supervisors.awaitChildrenWaiting(api, tenant, submitted.id(), 2);

        api.call("POST", "/v1/executions/" + children.get(0) + "/cancel", tenant.key(), null);
        Supervisors.approve(api, tenant, children.get(1));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + submitted.id()).text("status")));
        Response done = api.get(tenant.key(), "/v1/executions/" + submitted.id());
        assertThat(done.text("result")).startsWith("payer: failed: the agent payer ended cancelled (CANCELLED")
                .endsWith("auditor: The answer is 42.");
        assertThat(api.events(tenant.key(), submitted.id(), null).types()).containsOnlyOnce("waiting", "succeeded")
                .filteredOn("queued"::equals).hasSize(2);
    }
}
