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
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * A worker whose lease lapsed while its attempt still ran (a long pause, a database it could not reach) may claim
 * the same execution again as the next attempt. The two attempts are different runs: when the old one's thread
 * finally ends, the new one must go on holding its lease.
 */
@Timeout(120)
class ReclaimedAttemptTest {

    /** The extra worker's lease (3 s), a heartbeat and a sweep (1 s each) and then some. */
    private static final Duration LONGER_THAN_A_LEASE = Duration.ofSeconds(8);

    @Test
    void theOldAttemptEndingAfterItsWorkerReclaimedTheExecutionLeavesTheNewAttemptsLeaseRenewed() {
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch oldCallAnswers = new CountDownLatch(1);
        CountDownLatch newCallAnswers = new CountDownLatch(1);
        openAi.thenHold(FakeOpenAi.answer("the old attempt's late answer"), oldCallAnswers)
                .thenHold(FakeOpenAi.answer("The answer is 42."), newCallAnswers);
        MessageListenerContainer inProcess = Platform.workerRequests();
        Tenants.Created tenant = Tenants.create();
        ConfigurableApplicationContext worker = Platform.extraWorker("reclaiming-worker");
        SmartLifecycle heartbeat = leaseRenewal(worker);
        try {
            inProcess.stop();
            Response submitted = api().call("POST", "/v1/executions", tenant.key(), """
                    {"agent": {"model": "openai:gpt-4o-mini"}, "input": "What is 6 * 7?"}""");
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
            String id = submitted.id();
            await().atMost(Duration.ofSeconds(30)).until(() -> openAi.requests.size() == 1);

            heartbeat.stop();
            await().atMost(Duration.ofSeconds(30)).alias("the lapsed lease recovered and claimed again by the same worker")
                    .until(() -> openAi.requests.size() == 2);
            heartbeat.start();
            assertThat(execution(tenant, id).body().get("attempt").asInt()).isEqualTo(2);

            // Its answer ends the old attempt at once: its next write finds the fence moved, and its thread ends.
            oldCallAnswers.countDown();
            await().during(LONGER_THAN_A_LEASE).atMost(LONGER_THAN_A_LEASE.plusSeconds(5))
                    .alias("attempt 2 keeps its lease after attempt 1 ended")
                    .until(() -> {
                        Response now = execution(tenant, id);
                        return "running".equals(now.text("status")) && now.body().get("attempt").asInt() == 2;
                    });

            newCallAnswers.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> execution(tenant, id).text("status").equals("succeeded"));
            Response finished = execution(tenant, id);
            assertThat(finished.text("result")).isEqualTo("The answer is 42.");
            assertThat(finished.body().get("attempt").asInt()).isEqualTo(2);
            List<String> types = api().events(tenant.key(), id, null).types();
            assertThat(types).filteredOn("retrying"::equals).as("only the lapse of attempt 1 was recovered").hasSize(1);
        } finally {
            oldCallAnswers.countDown();
            newCallAnswers.countDown();
            if (!inProcess.isRunning()) {
                inProcess.start();
            }
            worker.close();
        }
    }

    /** The worker's lease heartbeat: stopping it is how a lease lapses under a worker that is still alive. */
    private static SmartLifecycle leaseRenewal(ConfigurableApplicationContext worker) {
        return worker.getBean("leaseKeeper", SmartLifecycle.class);
    }

    private static Response execution(Tenants.Created tenant, String id) {
        return api().get(tenant.key(), "/v1/executions/" + id);
    }

    private static ApiClient api() {
        return Platform.get().api;
    }
}
