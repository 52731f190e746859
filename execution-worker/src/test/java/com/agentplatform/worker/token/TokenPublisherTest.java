package com.agentplatform.worker.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.json.JsonMapping;
import com.agentplatform.common.messaging.TokenDelta;
import com.agentplatform.infra.EmbeddedStack;
import com.agentplatform.infra.SharedTestStack;
import com.agentplatform.worker.WorkerSettings;
import com.agentplatform.worker.provider.TokenSink;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/** Against a real Redis: nothing for tenants nobody follows; a followed call's text in a few coalesced deltas. */
class TokenPublisherTest {

    private final EmbeddedStack stack = SharedTestStack.get();
    private final RedisClient redis = RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort()).build();
    private final TokenPublisher publisher = new TokenPublisher(new WorkerSettings.Tokens(stack.redisHost(), stack.redisPort(),
            Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(200)));
    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final ExecutionId execution = new ExecutionId(UUID.randomUUID());

    @AfterEach
    void close() {
        publisher.close();
        redis.close();
    }

    @Test
    void aCallOfATenantNobodyFollowsIsNotStreamed() {
        assertThat(publisher.sinkFor(tenant, execution, 1)).isSameAs(TokenSink.NONE);
    }

    @Test
    void aTenantFollowedAfterItsFirstCallStreamsOnceTheMarkersAreRefreshed() {
        assertThat(publisher.sinkFor(tenant, execution, 1)).isSameAs(TokenSink.NONE);

        redis.psetex(TokenDelta.wantedKey(tenant), 10_000, "1");

        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.sinkFor(tenant, execution, 1) != TokenSink.NONE);
    }

    @Test
    void aFollowedCallsTextLeavesInAFewDeltasNumberedInOrderThatAddUpToIt() throws Exception {
        redis.psetex(TokenDelta.wantedKey(tenant), 10_000, "1");
        List<TokenDelta> received = new CopyOnWriteArrayList<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                received.add(JsonMapping.messages().readValue(message, TokenDelta.class));
            }
        };
        Thread subscriber = Thread.ofVirtual().start(() -> redis.subscribe(listener, TokenDelta.channel(tenant)));
        await().atMost(Duration.ofSeconds(5)).until(listener::isSubscribed);

        TokenSink sink = publisher.sinkFor(tenant, execution, 3);
        for (int i = 0; i < 100; i++) {
            sink.delta("w" + i + " ");
            Thread.sleep(2);
        }
        sink.finish();

        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            expected.append("w").append(i).append(' ');
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> String.join("", received.stream().map(TokenDelta::delta).toList())
                .contentEquals(expected));
        assertThat(received.size()).as("100 pieces over ~200 ms, coalesced every 50 ms").isBetween(2, 10);
        assertThat(received).extracting(TokenDelta::index).containsExactlyElementsOf(
                IntStream.range(0, received.size()).boxed().toList());
        assertThat(received).allSatisfy(delta -> {
            assertThat(delta.stepSeq()).isEqualTo(3);
            assertThat(delta.executionId()).isEqualTo(execution.value());
        });
        listener.unsubscribe();
        subscriber.join(5_000);
    }
}
