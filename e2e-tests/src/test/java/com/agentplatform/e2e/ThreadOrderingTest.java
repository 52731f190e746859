package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One thread's runs never overlap, though two workers compete for them (each woken for every run), and they start in
 * the order they were submitted.
 */
@Timeout(180)
class ThreadOrderingTest {

    private static final int RUNS = 6;

    @Test
    void aThreadsRunsNeverOverlapAcrossTwoWorkers() {
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 20");
        String thread = Threads.create(tenant.key());
        try (ConfigurableApplicationContext second = Platform.extraWorker("thread-worker-2")) {
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                submitted.add(Threads.accepted(tenant.key(), thread, """
                        {"agent": {"model": "simulated:default"}, "input": "turn %d"}""".formatted(i)).id());
            }
            submitted.forEach(id -> Threads.awaitStatus(tenant.key(), id, "succeeded"));

            List<Response> runs = submitted.stream().map(id -> Threads.execution(tenant.key(), id))
                    .sorted(Comparator.comparing(run -> Threads.instant(run, "started_at"))).toList();
            assertThat(runs).extracting(Response::id).as("started in submission order").containsExactlyElementsOf(submitted);
            for (int i = 1; i < runs.size(); i++) {
                Instant previousEnd = Threads.instant(runs.get(i - 1), "finished_at");
                assertThat(Threads.instant(runs.get(i), "started_at")).as("run %d starts after run %d ended", i, i - 1)
                        .isAfterOrEqualTo(previousEnd);
            }
        }
    }
}
