package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Conversations: runs on a thread see its earlier messages, run one at a time, and double-texting follows the strategy. */
@Timeout(180)
class ThreadsTest {

    private static final String SLOW = """
            {"agent": {"model": "simulated:default"}, "input": "%s", "multitask_strategy": "%s"}""";
    /** A run on the fake provider: it asks the calculator, then its next model call is held until the test lets go. */
    private static final String HELD = """
            {"agent": {"model": "openai:gpt-4o-mini", "tools": ["calculator"]}, "input": "add two and two"}""";
    private static final String OFFLINE = """
            {"agent": {"tools": ["calculator"]}, "input": "%s", "multitask_strategy": "%s"}""";

    private static ApiClient api;
    private static Tenants.Created tenant;

    @BeforeAll
    static void platform() {
        api = Platform.get().api;
        tenant = Tenants.create();
    }

    @BeforeEach
    void freshProvider() {
        FakeOpenAi.get().reset();
    }

    @Test
    void theThirdTurnAnswersFromTheFirst() {
        String thread = Threads.create(tenant.key());
        Response first = Threads.run(tenant.key(), thread, "?wait=30", """
                {"agent": {"tools": ["calculator"]}, "input": "My favourite colour is teal."}""");
        Response second = Threads.run(tenant.key(), thread, "?wait=30", """
                {"agent": {"tools": ["calculator"]}, "input": "What is 6 * 7?"}""");
        Response third = Threads.run(tenant.key(), thread, "?wait=30", """
                {"agent": {"tools": ["calculator"]}, "input": "What did I say first?"}""");

        assertThat(List.of(first, second, third)).allSatisfy(run -> {
            assertThat(run.status()).as(run.raw()).isEqualTo(200);
            assertThat(run.text("status")).isEqualTo("succeeded");
        });
        assertThat(second.text("result")).isEqualTo("The answer is 42.");
        assertThat(third.text("result")).isEqualTo("You first said: My favourite colour is teal.");
        List<JsonNode> messages = Threads.messages(tenant.key(), thread);
        assertThat(Threads.roles(messages))
                .containsExactly("user", "assistant", "user", "assistant", "tool", "assistant", "user", "assistant");
        assertThat(messages).extracting(message -> message.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(messages.get(3).get("tool_calls").get(0).get("name").asString()).isEqualTo("calculator");
        assertThat(messages.get(4).get("tool_call_id").asString())
                .isEqualTo(messages.get(3).get("tool_calls").get(0).get("id").asString());
        assertThat(messages.get(0).get("execution_id").asString()).isEqualTo(first.id());
        assertThat(messages.get(7).get("content").asString()).isEqualTo(third.text("result"));
        assertThat(api.get(tenant.key(), "/v1/threads/" + thread).text("status")).isEqualTo("idle");
    }

    /** 20 tokens are 80 characters: the second turn (64) fits, the first (80 more) does not. */
    @Test
    void aSmallHistoryBudgetForgetsTheOldestTurns() {
        String thread = Threads.create(tenant.key());
        Threads.run(tenant.key(), thread, "?wait=30", "{\"agent\": {}, \"input\": \"My favourite colour is teal.\"}");
        Threads.run(tenant.key(), thread, "?wait=30", "{\"agent\": {}, \"input\": \"The weather is fine.\"}");
        Response asked = Threads.run(tenant.key(), thread, "?wait=30", """
                {"agent": {"history_tokens": 20}, "input": "What did I say first?"}""");

        assertThat(asked.text("result")).isEqualTo("You first said: The weather is fine.");
    }

    @Test
    void enqueuedRunsRacingOnAThreadRunOneAfterTheOther() throws Exception {
        String thread = Threads.create(tenant.key());
        List<Response> runs = race(() -> Threads.accepted(tenant.key(), thread, SLOW.formatted("one", "enqueue")),
                () -> Threads.accepted(tenant.key(), thread, SLOW.formatted("two", "enqueue")));
        runs.forEach(run -> Threads.awaitStatus(tenant.key(), run.id(), "succeeded"));

        List<Response> ended = runs.stream().map(run -> Threads.execution(tenant.key(), run.id()))
                .sorted(Comparator.comparing(run -> Threads.instant(run, "started_at"))).toList();
        assertThat(Threads.instant(ended.get(1), "started_at")).isAfterOrEqualTo(Threads.instant(ended.get(0), "finished_at"));
        List<JsonNode> messages = Threads.messages(tenant.key(), thread);
        assertThat(messages).extracting(message -> message.get("execution_id").asString())
                .containsExactly(ended.get(0).id(), ended.get(0).id(), ended.get(1).id(), ended.get(1).id());
    }

    @Test
    void anIdempotencyKeyNamesOneRunOnTheThread() {
        String thread = Threads.create(tenant.key());
        String body = OFFLINE.formatted("once", "enqueue");
        Response first = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(), body, "Idempotency-Key", "k-1");
        Response again = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(), body, "Idempotency-Key", "k-1");
        Response other = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(),
                OFFLINE.formatted("twice", "enqueue"), "Idempotency-Key", "k-1");

        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.text("code")).isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    @Test
    void ofTwoRejectingRunsRacingOnAnIdleThreadOneIsRefused() throws Exception {
        String thread = Threads.create(tenant.key());
        List<Response> answers = race(() -> Threads.run(tenant.key(), thread, "", SLOW.formatted("one", "reject")),
                () -> Threads.run(tenant.key(), thread, "", SLOW.formatted("two", "reject")));

        assertThat(answers).extracting(Response::status).containsExactlyInAnyOrder(202, 409);
        Response refused = answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("code")).isEqualTo("THREAD_BUSY");
    }

    @Test
    void anInterruptingRunCancelsTheCurrentOneAndKeepsItsMessages() {
        String thread = Threads.create(tenant.key());
        CountDownLatch held = new CountDownLatch(1);
        Response current = startHeld(thread, held);
        Response next;
        try {
            next = Threads.accepted(tenant.key(), thread, OFFLINE.formatted("What did I say first?", "interrupt"));
        } finally {
            held.countDown();
        }
        Threads.awaitStatus(tenant.key(), current.id(), "cancelled");
        Threads.awaitStatus(tenant.key(), next.id(), "succeeded");

        List<JsonNode> messages = Threads.messages(tenant.key(), thread);
        assertThat(Threads.roles(messages)).containsExactly("user", "assistant", "tool", "user", "assistant");
        assertThat(messages.subList(0, 3)).allSatisfy(message ->
                assertThat(message.get("execution_id").asString()).isEqualTo(current.id()));
        assertThat(messages.toString()).doesNotContain("too late");
        assertThat(Threads.execution(tenant.key(), next.id()).text("result")).isEqualTo("You first said: add two and two");
    }

    @Test
    void aRollingBackRunCancelsTheCurrentOneAndRemovesItsMessages() {
        String thread = Threads.create(tenant.key());
        CountDownLatch held = new CountDownLatch(1);
        Response current = startHeld(thread, held);
        Response next;
        try {
            next = Threads.accepted(tenant.key(), thread, OFFLINE.formatted("What did I say first?", "rollback"));
        } finally {
            held.countDown();
        }
        Threads.awaitStatus(tenant.key(), current.id(), "cancelled");
        Threads.awaitStatus(tenant.key(), next.id(), "succeeded");

        List<JsonNode> messages = Threads.messages(tenant.key(), thread);
        assertThat(messages).extracting(message -> message.get("execution_id").asString()).containsOnly(next.id());
        assertThat(Threads.roles(messages)).containsExactly("user", "assistant");
        assertThat(messages.get(0).get("seq").asLong()).as("a number is never given twice").isGreaterThan(3);
        assertThat(Threads.execution(tenant.key(), next.id()).text("result")).isEqualTo("You first said: What did I say first?");
    }

    @Test
    void deletingAThreadCancelsWhatRunsAndWaitsOnIt() {
        String thread = Threads.create(tenant.key());
        CountDownLatch held = new CountDownLatch(1);
        Response running = startHeld(thread, held);
        Response queued = Threads.accepted(tenant.key(), thread, OFFLINE.formatted("later", "enqueue"));
        Response deleted;
        try {
            deleted = api.call("DELETE", "/v1/threads/" + thread, tenant.key(), null);
        } finally {
            held.countDown();
        }

        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(204);
        assertThat(Threads.execution(tenant.key(), queued.id()).text("status")).isEqualTo("cancelled");
        Threads.awaitStatus(tenant.key(), running.id(), "cancelled");
        assertThat(api.get(tenant.key(), "/v1/threads/" + thread).status()).isEqualTo(404);
        assertThat(api.get(tenant.key(), "/v1/threads/" + thread + "/messages").status()).isEqualTo(404);
        assertThat(Threads.run(tenant.key(), thread, "", OFFLINE.formatted("hello", "enqueue")).status()).isEqualTo(404);
        assertThat(Threads.execution(tenant.key(), running.id()).text("thread_id")).isEqualTo(thread);
    }

    @Test
    void theThreadStreamCarriesEveryRunOfTheThreadAndNothingElse() {
        String thread = Threads.create(tenant.key());
        try (LiveStream stream = api.followPath(tenant.key(), "/v1/threads/" + thread + "/events", null)) {
            Response first = Threads.run(tenant.key(), thread, "?wait=30", OFFLINE.formatted("one", "enqueue"));
            Response elsewhere = api.call("POST", "/v1/executions?wait=30", tenant.key(), "{\"agent\": {}, \"input\": \"no thread\"}");
            Response second = Threads.run(tenant.key(), thread, "?wait=30", OFFLINE.formatted("two", "enqueue"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> stream.types().stream().filter("succeeded"::equals).count() == 2);

            assertThat(stream.rawIds()).allSatisfy(id -> assertThat(id).matches(
                    "(" + first.id() + "|" + second.id() + "):\\d+")).doesNotContain(elsewhere.id() + ":1");
            assertThat(stream.rawIds()).contains(first.id() + ":1", second.id() + ":1");
        }
    }

    /** Starts a run on the fake provider whose second model call is held; returns once it has called its tool. */
    private static Response startHeld(String thread, CountDownLatch held) {
        FakeOpenAi.get().then(FakeOpenAi.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"2+2\\\"}"))
                .thenHold(FakeOpenAi.answer("too late"), held);
        Response current = Threads.accepted(tenant.key(), thread, HELD);
        await("its tool step").atMost(Duration.ofSeconds(20)).until(() ->
                api.get(tenant.key(), "/v1/executions/" + current.id() + "/steps").body().get("data").size() == 2);
        return current;
    }

    @SafeVarargs
    private static List<Response> race(Callable<Response>... submits) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService racers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> answers = Arrays.stream(submits).map(submit -> racers.submit(() -> {
                start.await();
                return submit.call();
            })).toList();
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return responses;
        }
    }
}
