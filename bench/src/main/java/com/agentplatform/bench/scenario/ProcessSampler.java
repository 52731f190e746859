package com.agentplatform.bench.scenario;

import com.agentplatform.bench.measure.ProcessStats;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.ServiceProcess;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a service's resident memory and used heap on a background thread, keeping the peaks. */
final class ProcessSampler implements AutoCloseable {

    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong();
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-sampler").factory());

    ProcessSampler(ServiceProcess service, Duration every) {
        sampling.scheduleWithFixedDelay(() -> {
            peakRss.accumulateAndGet(ProcessStats.rssBytes(service.pid()), Math::max);
            peakHeap.accumulateAndGet((long) PlatformApi.metric(service, "jvm.memory.used", "area:heap"), Math::max);
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    @Override
    public void close() {
        sampling.shutdownNow();
    }
}
