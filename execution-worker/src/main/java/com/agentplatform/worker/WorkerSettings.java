package com.agentplatform.worker;

import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the worker can be told, under {@code platform.worker.*}.
 *
 * @param id                  this worker's name as a lease owner; unique per process (default: random)
 * @param maxInFlight         executions this worker runs at once; beyond it, consumption pauses
 * @param lease               how long a claim holds without renewal; another worker may take over after it
 * @param leaseRenewInterval  how often running executions' leases are renewed (well under {@code lease})
 * @param consumerConcurrency Kafka consumer threads (partitions are shared among all workers' threads)
 * @param maxDeferred         requests held back because their tenant is at its concurrency limit; beyond it,
 *                            consumption pauses
 * @param deferredRetry       how often held-back requests try to claim again
 * @param staleQueuedAfter    a queued execution untouched this long gets a new wake-up (a lost or held-back one)
 * @param sweepInterval       how often to look for such executions
 * @param simulatedLatency    how long the {@code simulated:default} model takes to answer
 */
@ConfigurationProperties("platform.worker")
public record WorkerSettings(
        String id,
        @DefaultValue("1000") int maxInFlight,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("10s") Duration leaseRenewInterval,
        @DefaultValue("2") int consumerConcurrency,
        @DefaultValue("10000") int maxDeferred,
        @DefaultValue("200ms") Duration deferredRetry,
        @DefaultValue("60s") Duration staleQueuedAfter,
        @DefaultValue("30s") Duration sweepInterval,
        @DefaultValue("1s") Duration simulatedLatency) {

    public WorkerSettings {
        if (id == null || id.isBlank()) {
            id = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (!leaseRenewInterval.minus(lease.dividedBy(2)).isNegative()) {
            throw new IllegalArgumentException("platform.worker.lease-renew-interval must be under half the lease");
        }
    }
}
