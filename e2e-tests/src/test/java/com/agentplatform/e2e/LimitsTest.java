package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.MessageListenerContainer;

/** Rate limits, queue quotas, per-tenant concurrency and idempotency, under concurrent clients. */
@Timeout(180)
class LimitsTest {

    private static ApiClient api;

    @BeforeAll
    static void boot() {
        api = Platform.get().api;
    }

    @Test
    void exactlyTheLimitIsAdmittedAcrossTwoGatewaysSharingRedis() {
        Tenants.Created tenant = Tenants.create("\"rate_limit_per_minute\": 30");
        try (ConfigurableApplicationContext second = Platform.extraGateway(Map.of())) {
            List<ApiClient> gateways = List.of(api, Platform.clientOf(second));
            List<Response> answers = atOnce(100, i -> gateways.get(i % 2).call("GET", "/v1/tenant", tenant.key(), null));
            assertThat(answers).hasSize(100);
            assertThat(answers).filteredOn(answer -> answer.status() == 200).hasSize(30);
            assertThat(answers).filteredOn(answer -> answer.status() == 429).hasSize(70).allSatisfy(refused -> {
                assertThat(refused.text("code")).isEqualTo("RATE_LIMITED");
                assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
                assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
            });
            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("30");
                assertThat(Integer.parseInt(answer.header("X-RateLimit-Reset"))).isBetween(1, 60);
            });
            assertThat(answers).filteredOn(answer -> answer.status() == 200)
                    .extracting(answer -> Integer.parseInt(answer.header("X-RateLimit-Remaining")))
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 30).boxed().toList());
        }
    }

    @Test
    void aTenantAtItsQueueBoundGets429UntilSomethingLeavesTheQueue() {
        Tenants.Created tenant = Tenants.create("\"max_queued_executions\": 3");
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        try {
            List<String> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Response accepted = api.call("POST", "/v1/executions", tenant.key(), calculation(i, "offline:deterministic"));
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
                queued.add(accepted.id());
            }
            Response refused = api.call("POST", "/v1/executions", tenant.key(), calculation(9, "offline:deterministic"));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");

            assertThat(api.call("POST", "/v1/executions/" + queued.getFirst() + "/cancel", tenant.key(), null).status()).isEqualTo(202);
            assertThat(api.call("POST", "/v1/executions", tenant.key(), calculation(9, "offline:deterministic")).status()).isEqualTo(202);
        } finally {
            requests.resume();
        }
    }

    @Test
    void threeHundredParallelSubmitsOnThreeGatewaysQueueExactlyTheTenantsBound() {
        Tenants.Created tenant = Tenants.create("\"max_queued_executions\": 200");
        MessageListenerContainer requests = Platform.workerRequests();
        requests.pause();
        await().atMost(Duration.ofSeconds(15)).until(requests::isContainerPaused);
        // Wide pools, so far more submits are in flight at once than the bound leaves room for.
        Map<String, String> widePool = Map.of("spring.datasource.hikari.maximum-pool-size", "50");
        try (ConfigurableApplicationContext second = Platform.extraGateway(widePool);
                ConfigurableApplicationContext third = Platform.extraGateway(widePool)) {
            List<ApiClient> gateways = List.of(api, Platform.clientOf(second), Platform.clientOf(third));
            // Two waves of 120 and 180: the second starts close enough to the bound that a count read outside the
            // tenant's lock by many submits at once would let them all in.
            List<Response> answers = new ArrayList<>(submitAtOnce(gateways, tenant, 0, 120));
            answers.addAll(submitAtOnce(gateways, tenant, 120, 180));

            assertThat(answers).filteredOn(answer -> answer.status() == 202).hasSize(200);
            assertThat(answers).filteredOn(answer -> answer.status() != 202)
                    .hasSize(100)
                    .allSatisfy(refused -> {
                        assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
                        assertThat(refused.text("code")).isEqualTo("QUOTA_EXCEEDED");
                    });
            assertThat(api.get(tenant.key(), "/v1/tenant").body().at("/usage/queued_executions").asLong()).isEqualTo(200);
            // Leave nothing behind for the worker to chew on while the next test runs.
            answers.stream().filter(answer -> answer.status() == 202).forEach(accepted ->
                    api.call("POST", "/v1/executions/" + accepted.id() + "/cancel", tenant.key(), null));
        } finally {
            requests.resume();
        }
    }

    private static List<Response> submitAtOnce(List<ApiClient> gateways, Tenants.Created tenant, int first, int count) {
        return atOnce(count, i -> gateways.get((first + i) % gateways.size())
                .call("POST", "/v1/executions", tenant.key(), calculation(first + i, "offline:deterministic")));
    }

    /** {@code count} calls released at the same instant, each on its own thread; their answers in any order. */
    private static List<Response> atOnce(int count, IntFunction<Response> call) {
        List<Response> answers = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                done.add(clients.submit(() -> {
                    start.await();
                    answers.add(call.apply(n));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return answers;
    }

    @Test
    void noMomentHasMoreRunningThanTheTenantsConcurrencyLimitAndAllFinish() {
        try (ConfigurableApplicationContext secondWorker = Platform.extraWorker("e2e-worker-2")) {
            runTwentyUnderALimitOfTwo();
        }
    }

    private static void runTwentyUnderALimitOfTwo() {
        Tenants.Created tenant = Tenants.create("\"max_concurrent_executions\": 2");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Response accepted = api.call("POST", "/v1/executions", tenant.key(), calculation(i, "simulated:default"));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            ids.add(accepted.id());
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream()
                .allMatch(id -> "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status"))));

        List<Instant[]> runs = ids.stream().map(id -> api.get(tenant.key(), "/v1/executions/" + id)).map(execution -> {
            assertThat(execution.body().get("attempt").asInt()).isEqualTo(1);
            return new Instant[] {Instant.parse(execution.text("started_at")), Instant.parse(execution.text("finished_at"))};
        }).toList();
        assertThat(maxOverlap(runs)).as("most executions running at one moment").isEqualTo(2);
    }

    @Test
    void twentyConcurrentSubmitsWithOneIdempotencyKeyCreateOneExecution() {
        Tenants.Created tenant = Tenants.create();
        String body = calculation(5, "offline:deterministic");
        List<Response> answers = atOnce(20, i -> api.call("POST", "/v1/executions", tenant.key(), body, "Idempotency-Key", "order-42"));
        assertThat(answers).extracting(Response::status).containsOnly(200, 202);
        assertThat(answers).filteredOn(answer -> answer.status() == 202).hasSize(1);
        assertThat(answers).extracting(Response::id).containsOnly(answers.getFirst().id());
        assertThat(api.get(tenant.key(), "/v1/executions?limit=100").body().get("data").size()).isEqualTo(1);

        Response conflict = api.call("POST", "/v1/executions", tenant.key(), calculation(6, "offline:deterministic"),
                "Idempotency-Key", "order-42");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void twentyConcurrentRenamesToOneNameLeaveOneWinnerAndConflictsNotErrors() {
        List<Tenants.Created> tenants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tenants.add(Tenants.create());
        }
        String wanted = "renamed-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        List<Response> answers = atOnce(tenants.size(),
                i -> api.admin("PATCH", "/admin/v1/tenants/" + tenants.get(i).id(), "{\"name\": \"" + wanted + "\"}"));
        assertThat(answers).filteredOn(answer -> answer.status() == 200).hasSize(1);
        assertThat(answers).filteredOn(answer -> answer.status() != 200).hasSize(19).allSatisfy(conflict -> {
            assertThat(conflict.status()).as(conflict.raw()).isEqualTo(409);
            assertThat(conflict.text("code")).isEqualTo("TENANT_EXISTS");
        });
    }

    static String calculation(int n, String model) {
        return """
                {"agent": {"name": "calc", "model": "%s", "tools": ["calculator"]}, "input": "What is %d + 1?"}""".formatted(model, n);
    }


    /** The most intervals open at one instant; an interval ending when another starts does not overlap it. */
    static int maxOverlap(List<Instant[]> runs) {
        List<Object[]> edges = new ArrayList<>();
        for (Instant[] run : runs) {
            edges.add(new Object[] {run[0], 1});
            edges.add(new Object[] {run[1], -1});
        }
        edges.sort(Comparator.<Object[], Instant>comparing(edge -> (Instant) edge[0]).thenComparing(edge -> (Integer) edge[1]));
        int open = 0;
        int most = 0;
        for (Object[] edge : edges) {
            open += (Integer) edge[1];
            most = Math.max(most, open);
        }
        return most;
    }

}
