package com.agentplatform.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.common.messaging.TokenDelta;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A client that reads too slowly: its deltas wait in a bounded queue, and beyond it are dropped, never waited for. */
class TokenQueueTest {

    private static final int QUEUE = 8;
    private static final UUID EXECUTION = UUID.randomUUID();

    @Test
    void offeringDeltasToAStalledClientNeverBlocksAndDropsWhatItsQueueCannotHold() throws Exception {
        StalledEmitter emitter = new StalledEmitter();
        TestStream stream = new TestStream(emitter);
        stream.acceptTokens(QUEUE);

        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            stream.offerToken(new TokenDelta(EXECUTION, 1, i, "word "));
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMillis).as("the feed never waits for the client").isLessThan(1_000);
        assertThat(stream.droppedTokens()).as("all but the one being written and a full queue").isGreaterThanOrEqualTo(1_000 - QUEUE - 1);
        emitter.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> emitter.sent.size() == 1_000 - stream.droppedTokens());
        assertThat(emitter.sent).as("what was kept leaves in order").isSorted();
    }

    @Test
    void aClientThatKeepsUpGetsEveryDeltaInOrder() {
        StalledEmitter emitter = new StalledEmitter();
        emitter.release.countDown();
        TestStream stream = new TestStream(emitter);
        stream.acceptTokens(QUEUE);

        for (int i = 0; i < 100; i++) {
            stream.offerToken(new TokenDelta(EXECUTION, 1, i, "w"));
            int sentSoFar = i + 1;
            await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> emitter.sent.size() == sentSoFar);
        }

        assertThat(stream.droppedTokens()).isZero();
        assertThat(emitter.sent).hasSize(100).isSorted();
    }

    @Test
    void aStreamThatDidNotAskForTokensGetsNone() {
        StalledEmitter emitter = new StalledEmitter();
        emitter.release.countDown();

        new TestStream(emitter).offerToken(new TokenDelta(EXECUTION, 1, 0, "w"));

        assertThat(emitter.sent).isEmpty();
    }

    /** Blocks every send until released, like a write to a client whose socket buffers are full. */
    private static final class StalledEmitter extends SseEmitter {

        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            builder.build().stream().map(ResponseBodyEmitter.DataWithMediaType::getData).filter(TokenDelta.class::isInstance)
                    .forEach(data -> sent.add(((TokenDelta) data).index()));
        }
    }

    private static final class TestStream extends LockedStream {

        TestStream(SseEmitter emitter) {
            super(emitter);
        }
    }
}
