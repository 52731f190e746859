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
import org.springframework.kafka.listener.MessageListenerContainer;

/** Failures the platform must absorb: a provider outage, a worker shutting down mid-run, a database outage. */
@Timeout(150)
class ReliabilityTest {

    private static final String OVERLOADED = "{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}";

    @Test
    void anAttemptThatFailsForAPassingReasonIsRetriedAsTheNextAttempt() {
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        openAi.thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED).thenStatus(503, OVERLOADED)
                .then(FakeOpenAi.answer("Back again."));
        Tenants.Created tenant = Tenants.create();

        Response run = api().call("POST", "/v1/executions?wait=40", tenant.key(), """
                {"agent": {"model": "openai:gpt-4o-mini"}, "input": "Hello"}""");

        assertThat(run.text("status")).as(run.raw()).isEqualTo("succeeded");
        assertThat(run.text("result")).isEqualTo("Back again.");
        assertThat(run.body().get("attempt").asInt()).isEqualTo(2);
        assertThat(api().events(tenant.key(), run.id(), null).types())
                .containsExactly("queued", "running", "retrying", "running", "step", "succeeded");
    }

    @Test
    void aWorkerShuttingDownHandsItsRunBackWithoutSpendingAnAttempt() {
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch frozen = new CountDownLatch(1);
        openAi.then(FakeOpenAi.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"2 + 3\\\"}"))
                .thenHold(FakeOpenAi.answer("never delivered"), frozen)
                .then(FakeOpenAi.answer("The answer is 5."));
        MessageListenerContainer survivor = Platform.workerRequests();
        Tenants.Created tenant = Tenants.create();
        ConfigurableApplicationContext leaving = Platform.extraWorker("leaving-worker");
        try {
            survivor.stop();
            Response submitted = api().call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"model": "openai:gpt-4o-mini", "tools": ["calculator"]}, "input": "What is 2 + 3?"}""");
            await().atMost(Duration.ofSeconds(30)).until(() -> openAi.requests.size() == 2);

            survivor.start();
            leaving.close(); // SIGTERM: a grace of 500 ms, then the frozen run is handed back

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "succeeded".equals(api().get(tenant.key(), "/v1/executions/" + submitted.id()).text("status")));
            Response finished = api().get(tenant.key(), "/v1/executions/" + submitted.id());
            assertThat(finished.text("result")).isEqualTo("The answer is 5.");
            assertThat(finished.body().get("attempt").asInt()).as("a graceful hand-back spends no attempt").isEqualTo(1);
            assertThat(openAi.requests).hasSize(3);
            List<String> types = api().events(tenant.key(), submitted.id(), null).types();
            assertThat(types).containsSubsequence("running", "step", "step", "retrying", "running", "step", "succeeded");
        } finally {
            frozen.countDown();
            if (!survivor.isRunning()) {
                survivor.start();
            }
            leaving.close();
        }
    }

    @Test
    void submitsDuringADatabaseOutageFailFastWith503AndNothingIsHalfWritten() throws Exception {
        Tenants.Created tenant = Tenants.create();
        String body = "{\"agent\": {\"tools\": [\"calculator\"]}, \"input\": \"What is 1 + 1?\"}";
        Platform.get().stack.stopPostgres();
        try {
            long started = System.nanoTime();
            Response refused = api().call("POST", "/v1/executions", tenant.key(), body);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
            assertThat(refused.text("code")).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(refused.header("Retry-After")).isEqualTo("5");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        } finally {
            Platform.get().stack.startPostgres();
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                api().call("POST", "/v1/executions?wait=20", tenant.key(), body).text("status").equals("succeeded"));
        assertThat(api().get(tenant.key(), "/v1/executions").body().get("data"))
                .as("only what was accepted exists").allSatisfy(execution ->
                        assertThat(execution.get("status").asString()).isEqualTo("succeeded"));
    }

    @Test
    void aHundredRunningExecutionsCancelledStopAtTheirNextStepAndNoneSucceeds() {
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch midRun = new CountDownLatch(1);
        openAi.respondByTurn(FakeOpenAi.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"1 + 1\\\"}"),
                FakeOpenAi.answer("too late"), midRun);
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 200");
        List<String> ids = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                ids.add(api().call("POST", "/v1/executions", tenant.key(), """
                        {"agent": {"model": "openai:gpt-4o-mini", "tools": ["calculator"]}, "input": "What is 1 + 1?"}""").id());
            }
            // Every run is now waiting on its second model call, after two recorded steps.
            await().atMost(Duration.ofSeconds(60)).until(() -> openAi.requests.size() == 200);
            for (String id : ids) {
                Response cancelled = api().call("POST", "/v1/executions/" + id + "/cancel", tenant.key(), null);
                assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(202);
            }
        } finally {
            midRun.countDown();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> "cancelled".equals(api().get(tenant.key(), "/v1/executions/" + id).text("status"))));
        openAi.reset();
        for (String id : ids) {
            List<String> types = api().events(tenant.key(), id, null).types();
            assertThat(types).as("events of %s", id).endsWith("cancelled").doesNotContain("succeeded");
            assertThat(types.stream().filter("step"::equals).count()).as("stopped at the next step boundary").isEqualTo(3);
        }
    }

    @Test
    void submitsDuringAKafkaOutageAreAcceptedAndRunOnceItIsBack() throws Exception {
        Tenants.Created tenant = Tenants.create();
        List<String> ids = new java.util.ArrayList<>();
        Platform.get().stack.stopKafka();
        try {
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                Response accepted = api().call("POST", "/v1/executions", tenant.key(), LimitsTest.calculation(i, "offline:deterministic"));
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 202 does not wait for Kafka").isLessThan(Duration.ofSeconds(3));
                ids.add(accepted.id());
            }
        } finally {
            Platform.get().stack.startKafka();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> ids.stream()
                .allMatch(id -> "succeeded".equals(api().get(tenant.key(), "/v1/executions/" + id).text("status"))));
    }

    private static ApiClient api() {
        return Platform.get().api;
    }
}
