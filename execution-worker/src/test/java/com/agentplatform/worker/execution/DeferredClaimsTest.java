package com.agentplatform.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.common.id.ExecutionId;
import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.messaging.ExecutionRequested;
import com.agentplatform.common.secret.SecretKeys;
import com.agentplatform.worker.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;

class DeferredClaimsTest {

    private static final int PER_TENANT = 2;

    private final DeferredClaims deferred = new DeferredClaims(new ConcurrentTaskScheduler(), settings());
    private final TenantId flooding = new TenantId(UUID.randomUUID());
    private final TenantId quiet = new TenantId(UUID.randomUUID());

    @Test
    void aTenantBeyondItsCapHasItsWakeUpsDroppedAndIsToldToReadThemBackOnceItsHeldOnesAreGone() {
        ExecutionRequested first = request(flooding);
        ExecutionRequested second = request(flooding);
        deferred.hold(first);
        deferred.hold(second);
        deferred.hold(request(flooding));
        deferred.hold(request(quiet));

        assertThat(deferred.size()).as("two of the flooding tenant, one of the quiet one").isEqualTo(3);
        assertThat(deferred.takeOverflow(flooding)).as("still has held requests").isFalse();

        deferred.remove(first);
        deferred.remove(second);

        assertThat(deferred.takeOverflow(flooding)).isTrue();
        assertThat(deferred.takeOverflow(flooding)).as("once").isFalse();
        assertThat(deferred.takeOverflow(quiet)).as("never dropped anything").isFalse();
    }

    @Test
    void holdingTheSameExecutionTwiceKeepsOneAndDropsNothing() {
        ExecutionRequested request = request(flooding);
        deferred.hold(request);
        deferred.hold(request);
        deferred.remove(request);

        assertThat(deferred.size()).isZero();
        assertThat(deferred.takeOverflow(flooding)).isFalse();
    }

    private static ExecutionRequested request(TenantId tenant) {
        return ExecutionRequested.of(ExecutionId.newId(), tenant, 1, Instant.now());
    }

    private static WorkerSettings settings() {
        return new WorkerSettings(null, 10, Duration.ofSeconds(30), Duration.ofSeconds(10), 1, 100, PER_TENANT,
                Duration.ofMillis(200), Duration.ofSeconds(60), Duration.ofSeconds(30), WorkerSettings.Simulated.withLatency(Duration.ZERO),
                WorkerSettings.Providers.none(), new WorkerSettings.Tools(Duration.ofSeconds(5), null),
                new WorkerSettings.Retry(Duration.ofSeconds(2), Duration.ofSeconds(60)), Duration.ofSeconds(20),
                new WorkerSettings.Metrics(100, null, 50, Duration.ofSeconds(15)), SecretKeys.none());
    }
}
