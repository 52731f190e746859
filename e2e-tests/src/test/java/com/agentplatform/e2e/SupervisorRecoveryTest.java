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
import org.springframework.context.SmartLifecycle;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A worker process runs a supervisor to its wait and starts its children, and is SIGKILLed while the supervisor waits
 * for them. Nothing was held by the dead worker: the children finish on another worker, each child's end reaches the
 * supervisor exactly once, and the supervisor resumes once, from its recorded steps, asking its model nothing twice.
 */
@Timeout(240)
class SupervisorRecoveryTest {

    @Test
    void aSupervisorWhoseWorkerWasKilledWhileItWaitedResumesExactlyOnceOnAnotherWorker() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        String payer = Supervisors.approvingAgent(api, tenant, "payer");
        String auditor = Supervisors.approvingAgent(api, tenant, "auditor");
        String supervisor = Supervisors.agent(api, tenant, "boss", "[]", List.of(payer, auditor));

        String id;
        List<String> children;
        Platform.pauseInProcessWorker();
        try (ServiceProcess doomed = ServiceProcess.start("worker-supervisor", "execution-worker", workerSettings(),
                Path.of("target", "supervisor-logs"))) {
            Response submitted = api.call("POST", "/v1/executions", tenant.key(), """
                    {"agent_id": "%s", "input": "What is 6 * 7?"}""".formatted(supervisor));
            id = submitted.id();
            children = Supervisors.awaitChildrenWaiting(api, tenant, id, 2);
            doomed.kill();
        } finally {
            Platform.resumeInProcessWorker();
        }
        children.forEach(child -> Supervisors.approve(api, tenant, child));

        await().atMost(Duration.ofSeconds(90))
                .until(() -> "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));
        Response done = api.get(tenant.key(), "/v1/executions/" + id);
        assertThat(done.text("result")).isEqualTo("payer: The answer is 42.\nauditor: The answer is 42.");
        JsonNode steps = api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
        assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                .containsExactly("llm:offline:deterministic", "tool:payer", "tool:auditor", "llm:offline:deterministic");
        List<String> types = api.events(tenant.key(), id, null).types();
        assertThat(types).as("resumed exactly once").containsExactly("queued", "running", "step", "waiting", "step", "step",
                "queued", "running", "step", "succeeded");
        assertThat(done.body().get("usage").get("children").get("llm_calls").asInt()).as("two calls per child")
                .isEqualTo(4);
    }

    @Test
    void childrenWhoseWorkerWasKilledRightAfterTheyEndedStillResumeTheirSupervisorExactlyOnce() {
        ApiClient api = Platform.get().api;
        Tenants.Created tenant = Tenants.create();
        String researcher = Supervisors.agent(api, tenant, "researcher", "[]", null);
        String writer = Supervisors.agent(api, tenant, "writer", "[]", null);
        String supervisor = Supervisors.agent(api, tenant, "lead", "[]", List.of(researcher, writer));
        SmartLifecycle settling = Platform.get().worker.getBean("childEndings", SmartLifecycle.class);

        String id;
        Platform.pauseInProcessWorker();
        settling.stop();
        Map<String, String> settings = workerSettings();
        // The doomed worker runs the children to their end but never takes their endings up before it dies.
        settings.put("platform.worker.agent-tools.poll-interval", "1h");
        try (ServiceProcess doomed = ServiceProcess.start("worker-children", "execution-worker", settings,
                Path.of("target", "supervisor-logs"))) {
            id = api.call("POST", "/v1/executions", tenant.key(), """
                    {"agent_id": "%s", "input": "tides"}""".formatted(supervisor)).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> Supervisors.childrenOf(api, tenant, id).size() == 2
                    && Supervisors.childrenOf(api, tenant, id).stream().allMatch(child ->
                            "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + child).text("status"))));
            doomed.kill();
            assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("status")).as("no end was taken up yet")
                    .isEqualTo("waiting");
        } finally {
            settling.start();
            Platform.resumeInProcessWorker();
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));
        assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("result"))
                .isEqualTo("researcher: Offline model received: tides\nwriter: Offline model received: tides");
        assertThat(api.events(tenant.key(), id, null).types()).containsExactly("queued", "running", "step", "waiting", "step",
                "step", "queued", "running", "step", "succeeded");
    }

    private static Map<String, String> workerSettings() {
        Map<String, String> settings = new LinkedHashMap<>(SharedTestStack.get().springProperties());
        settings.put("platform.worker.id", "supervisor-worker");
        settings.put("platform.worker.lease", "3s");
        settings.put("platform.worker.lease-renew-interval", "1s");
        settings.put("logging.level.org.apache.kafka", "WARN");
        return settings;
    }
}
