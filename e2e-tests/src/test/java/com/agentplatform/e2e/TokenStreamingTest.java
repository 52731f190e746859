package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.LiveStream;
import com.agentplatform.e2e.ApiClient.SseEvent;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ?stream_tokens=true}: token events while a model call runs, from the worker's streaming client (against a
 * server speaking OpenAI's streaming format) or the offline model, over Redis to every stream that asked for them.
 */
@Timeout(120)
class TokenStreamingTest {

    private static final String ANSWER = "The answer is 42, and I checked it twice.";
    private static final String OPENAI_AGENT = """
            {"agent": {"model": "openai:gpt-4o-mini", "tools": ["calculator"]}, "input": "What is 6 * 7?"}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ApiClient api;

    @BeforeAll
    static void boot() {
        api = Platform.get().api;
    }

    @Test
    void aFollowerSeesTheAnswersDeltasInOrderBeforeItsStepAndTheyAddUpToTheRecordedAnswer() {
        Tenants.Created tenant = Tenants.create();
        FakeOpenAi openAi = FakeOpenAi.get();
        openAi.reset();
        CountDownLatch answerHeld = new CountDownLatch(1);
        openAi.respondByTurn(FakeOpenAi.toolCall("call_1", "calculator", "{\\\"expression\\\":\\\"6 * 7\\\"}"),
                FakeOpenAi.answer(ANSWER), answerHeld);
        try (LiveStream tenantTokens = open(tenant, "/v1/events?stream_tokens=true")) {
            String id = api.submit(tenant.key(), OPENAI_AGENT).id();
            // The model's second call is held; meanwhile two streams of the execution open, one without tokens.
            await().atMost(Duration.ofSeconds(30)).until(() -> openAi.requests.size() == 2);
            try (LiveStream withTokens = open(tenant, "/v1/executions/" + id + "/events?stream_tokens=true");
                    LiveStream plain = open(tenant, "/v1/executions/" + id + "/events")) {
                answerHeld.countDown();
                await().atMost(Duration.ofSeconds(30)).until(() -> withTokens.types().contains("succeeded")
                        && plain.types().contains("succeeded"));

                assertThat(OpenAiChunks.asksForStream(openAi.requests.get(1))).as("the followed call streamed").isTrue();
                assertDeltasPrecedeTheirStepAndAddUpToIt(withTokens.events, 3, ANSWER);
                assertThat(plain.types()).doesNotContain("token");
                assertThat(plain.ids()).as("token events take no event number").isEqualTo(durableIds(withTokens.events));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> tenantTokens.types().contains("succeeded"));
            assertDeltasPrecedeTheirStepAndAddUpToIt(tenantTokens.events, 3, ANSWER);
            assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("result")).isEqualTo(ANSWER);
            JsonNode steps = api.get(tenant.key(), "/v1/executions/" + id + "/steps").body().get("data");
            JsonNode call = steps.get(0).get("output").get("tool_calls").get(0);
            assertThat(JSON.readTree(call.get("arguments").asString()))
                    .as("arguments streamed in fragments are recorded whole").isEqualTo(JSON.readTree("{\"expression\":\"6 * 7\"}"));
            assertThat(steps.get(1).get("output").get("result").asString()).isEqualTo("42");
        } finally {
            openAi.reset();
        }
    }

    @Test
    void theOfflineModelStreamsItsAnswerInSeveralDeltas() {
        Tenants.Created tenant = Tenants.create();
        try (LiveStream stream = open(tenant, "/v1/events?stream_tokens=true")) {
            String id = api.submit(tenant.key(), """
                    {"agent": {"name": "echo"}, "input": "Tell me what a token stream looks like from the offline model"}""").id();

            await().atMost(Duration.ofSeconds(30)).until(() -> stream.types().contains("succeeded"));

            String result = api.get(tenant.key(), "/v1/executions/" + id).text("result");
            List<SseEvent> tokens = assertDeltasPrecedeTheirStepAndAddUpToIt(stream.events, 1, result);
            assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aThreadsStreamCarriesTheDeltasOfItsOwnRunsOnlyAndTheyAddUpToTheRecordedAnswer() {
        Tenants.Created tenant = Tenants.create();
        String thread = api.call("POST", "/v1/threads", tenant.key(), "{}").text("id");
        String otherThread = api.call("POST", "/v1/threads", tenant.key(), "{}").text("id");
        try (LiveStream mine = open(tenant, "/v1/threads/" + thread + "/events?stream_tokens=true");
                LiveStream other = open(tenant, "/v1/threads/" + otherThread + "/events?stream_tokens=true")) {
            ApiClient.Response submitted = api.call("POST", "/v1/threads/" + thread + "/executions", tenant.key(), """
                    {"agent": {"name": "echo"}, "input": "Tell me what a thread's token stream looks like"}""");
            assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> mine.types().contains("succeeded"));

            String result = api.get(tenant.key(), "/v1/executions/" + submitted.id()).text("result");
            List<SseEvent> tokens = assertDeltasPrecedeTheirStepAndAddUpToIt(mine.events, 1, result);
            assertThat(tokens).hasSizeGreaterThanOrEqualTo(3).allSatisfy(token -> {
                assertThat(token.data().get("execution_id").asString()).isEqualTo(submitted.id());
                assertThat(token.data().get("thread_id").asString()).isEqualTo(thread);
            });
            assertThat(other.types()).as("another thread's stream").doesNotContain("token", "succeeded");
        }
    }

    @Test
    void aClientThatDoesNotReadNeitherSlowsTheWorkerNorAnotherClient() throws Exception {
        Tenants.Created tenant = Tenants.create();
        URI base = URI.create(api.baseUrl());
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            OutputStream request = stalled.getOutputStream();
            request.write(("GET /v1/events?stream_tokens=true HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + tenant.key() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.flush(); // and never a byte read
            try (LiveStream reader = open(tenant, "/v1/events?stream_tokens=true")) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    ids.add(api.submit(tenant.key(), """
                            {"agent": {"name": "echo"}, "input": "Run %d says a few words while a client sleeps"}""".formatted(i)).id());
                }

                await().atMost(Duration.ofSeconds(30)).until(() -> reader.types().stream().filter("succeeded"::equals).count() == 5);

                for (String id : ids) {
                    String result = api.get(tenant.key(), "/v1/executions/" + id).text("result");
                    List<SseEvent> ofRun = reader.events.stream()
                            .filter(event -> id.equals(event.data().get("execution_id").asString())).toList();
                    assertDeltasPrecedeTheirStepAndAddUpToIt(ofRun, 1, result);
                }
            }
        }
    }

    @Test
    void aStreamTokensValueOtherThanTrueOrFalseIsABadRequest() {
        Tenants.Created tenant = Tenants.create();
        String id = api.submit(tenant.key(), """
                {"agent": {"name": "echo"}, "input": "hello"}""").id();

        for (String path : List.of("/v1/events?stream_tokens=yes", "/v1/executions/" + id + "/events?stream_tokens=1")) {
            ApiClient.Response refused = api.get(tenant.key(), path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.text("code")).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheParameterOnEveryStream() {
        JsonNode paths = api.get(null, "/v3/api-docs").body().get("paths");

        for (String path : List.of("/v1/events", "/v1/executions/{id}/events", "/v1/threads/{id}/events")) {
            assertThat(paths.get(path).get("get").get("parameters").toString()).as(path).contains("\"stream_tokens\"", "event: token");
        }
    }

    private static LiveStream open(Tenants.Created tenant, String path) {
        LiveStream stream = api.followPath(tenant.key(), path, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.status == 200);
        return stream;
    }

    /**
     * The token events of step {@code stepSeq}: numbered 0, 1, 2… without an SSE id, all before the step's event, and
     * their deltas joined are {@code answer}.
     */
    private static List<SseEvent> assertDeltasPrecedeTheirStepAndAddUpToIt(List<SseEvent> events, int stepSeq, String answer) {
        List<SseEvent> tokens = events.stream().filter(event -> "token".equals(event.type())).toList();
        assertThat(tokens).isNotEmpty().allSatisfy(token -> {
            assertThat(token.rawId()).isNull();
            assertThat(token.data().get("step_seq").asInt()).isEqualTo(stepSeq);
        });
        assertThat(tokens).extracting(token -> token.data().get("index").asInt())
                .containsExactlyElementsOf(IntStream.range(0, tokens.size()).boxed().toList());
        int stepAt = -1;
        for (int i = 0; i < events.size(); i++) {
            JsonNode payload = events.get(i).data().get("payload");
            if ("step".equals(events.get(i).type()) && payload != null && payload.get("step").asInt() == stepSeq) {
                stepAt = i;
            }
        }
        assertThat(stepAt).as("the step's event was sent").isNotNegative();
        assertThat(events.indexOf(tokens.getLast())).as("every delta before the step").isLessThan(stepAt);
        assertThat(String.join("", tokens.stream().map(token -> token.data().get("delta").asString()).toList())).isEqualTo(answer);
        return tokens;
    }

    private static List<Long> durableIds(List<SseEvent> events) {
        return events.stream().filter(event -> event.rawId() != null).map(SseEvent::id).toList();
    }
}
