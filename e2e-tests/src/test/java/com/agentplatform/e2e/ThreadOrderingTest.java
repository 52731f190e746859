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
 * One thread's runs never overlap with two workers, and they start in the order they were submitted. Halfway, the
 * in-JVM worker stops consuming: the second worker takes the partitions over and wakes the tenant (queued runs) while
 * a run of the thread is running on the first, which goes on being woken by the end of each run it made. The second
 * worker's claims must take nothing then. (Which worker ends up running which run is not fixed: the end of a run wakes
 * its own worker at once, so the first usually keeps the thread; the claim's rule itself is shown against two claiming
 * workers in the worker module's ThreadRunsTest.)
 */
@Timeout(180)
class ThreadOrderingTest {

    private static final int RUNS = 12;

    @Test
    void aThreadsRunsNeverOverlapAcrossTwoWorkers() {
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 20");
        String thread = Threads.create(tenant.key());
        List<String> submitted = new ArrayList<>();
        try (ConfigurableApplicationContext second = Platform.extraWorker("thread-worker-2")) {
            for (int i = 0; i < RUNS; i++) {
                if (i == RUNS / 2) {
                    Platform.pauseInProcessWorker();
                }
                submitted.add(Threads.accepted(tenant.key(), thread, """
                        {"agent": {"model": "simulated:default"}, "input": "turn %d"}""".formatted(i)).id());
            }
            submitted.forEach(id -> Threads.awaitStatus(tenant.key(), id, "succeeded"));
        } finally {
            Platform.resumeInProcessWorker();
        }

        List<Response> runs = submitted.stream().map(id -> Threads.execution(tenant.key(), id))
                .sorted(Comparator.comparing(run -> Threads.instant(run, "started_at"))).toList();
        assertThat(runs).extracting(Response::id).as("started in submission order (workers: %s)", workers(tenant, submitted))
                .containsExactlyElementsOf(submitted);
        for (int i = 1; i < runs.size(); i++) {
            Instant previousEnd = Threads.instant(runs.get(i - 1), "finished_at");
            assertThat(Threads.instant(runs.get(i), "started_at")).as("run %d starts after run %d ended", i, i - 1)
                    .isAfterOrEqualTo(previousEnd);
        }
    }

    /** Which worker started each run (its {@code running} event says). */
    private static List<String> workers(Tenants.Created tenant, List<String> runs) {
        return runs.stream().map(id -> Platform.get().api.events(tenant.key(), id, null).events().stream()
                .filter(event -> event.type().equals("running"))
                .map(event -> event.data().get("payload").get("worker").asString())
                .findFirst().orElse("?")).toList();
    }
}
