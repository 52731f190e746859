package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * A worker dies in the middle of a run (after the model asked for a tool and the tool answered, during the next LLM
 * call): its lease expires, another worker takes the execution over as attempt 2 and resumes from the recorded
 * conversation, so the provider is asked only what was never answered.
 */
@Timeout(120)
class CrashResumeTest {

    @Test
    void aRunWhoseWorkerDiesAfterStepTwoResumesElsewhereWithoutRepeatingIt() {
        Platform platform = Platform.get();
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch frozen = new CountDownLatch(1);
        openAi.then(FakeOpenAi.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}"))
                .thenHold(FakeOpenAi.answer("never delivered"), frozen)
                .then(FakeOpenAi.answer("The answer is 42."));
        MessageListenerContainer survivor = Platform.workerRequests();
        Tenants.Created tenant = Tenants.create();
        ConfigurableApplicationContext doomed = Platform.extraWorker("doomed-worker");
        try {
            survivor.stop();
            Response submitted = api().call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"model": "openai:gpt-4o-mini", "tools": ["calculator"]}, "input": "What is 6 * 7?"}""");
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            String id = submitted.id();
            await().atMost(Duration.ofSeconds(30)).until(() -> openAi.requests.size() == 2);

            crash(doomed);
            survivor.start();

            await().atMost(Duration.ofSeconds(45)).until(() ->
                    "succeeded".equals(api().get(tenant.key(), "/v1/executions/" + id).text("status")));
            Response finished = api().get(tenant.key(), "/v1/executions/" + id);
            assertThat(finished.text("result")).isEqualTo("The answer is 42.");
            assertThat(finished.body().get("attempt").asInt()).isEqualTo(2);
            assertThat(openAi.requests).as("call 1 and the frozen call 2 by the dead worker, then only the unanswered one").hasSize(3);
            assertThat(openAi.requests.get(2)).contains("call_1").contains("42");

            JsonNode steps = api().get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
            assertThat(steps).extracting(step -> step.get("kind").asString() + ":" + step.get("name").asString())
                    .containsExactly("llm:openai:gpt-4o-mini", "tool:calculator", "llm:openai:gpt-4o-mini");
            List<String> types = api().events(tenant.key(), id, null).types();
            assertThat(types).containsSubsequence("queued", "running", "step", "step", "retrying", "running", "step", "succeeded");
            assertThat(types).filteredOn("step"::equals).hasSize(3);
        } finally {
            frozen.countDown();
            if (!survivor.isRunning()) {
                survivor.start();
            }
            doomed.close();
        }
    }

    /**
     * As good as kill -9 for this worker's work: it stops renewing leases and consuming, and its frozen run can no
     * longer write (its lease will be taken over), but nothing is released or handed back gracefully.
     */
    private static void crash(ConfigurableApplicationContext worker) {
        worker.getBeansOfType(SmartLifecycle.class).forEach((name, bean) -> {
            if (name.equals("leaseKeeper")) {
                bean.stop();
            }
        });
        worker.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("execution-requests").stop();
    }

    private static ApiClient api() {
        return Platform.get().api;
    }
}
