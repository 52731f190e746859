package com.agentplatform.bench.scenario;

import com.agentplatform.bench.measure.ProcessStats;
import com.agentplatform.bench.platform.PlatformApi;
import com.agentplatform.bench.platform.ServiceProcess;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Samples a service's resident memory and used heap on a background thread, keeping the peaks. */
final class ProcessSampler implements AutoCloseable {

    private final AtomicLong peakRss = new AtomicLong();
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampling;

    ProcessSampler(ServiceProcess service, Duration every) {
        sampling = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss.accumulateAndGet(ProcessStats.rssBytes(service.pid()), Math::max);
                peakHeap.accumulateAndGet((long) PlatformApi.metric(service, "jvm.memory.used", "area:heap"), Math::max);
                try {
                    Thread.sleep(every); // a sampling period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long peakRssBytes() {
        return peakRss.get();
    }

    long peakHeapBytes() {
        return peakHeap.get();
    }

    @Override
    public void close() {
        sampling.interrupt();
    }
}
