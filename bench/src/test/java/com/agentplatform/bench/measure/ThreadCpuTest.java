package com.agentplatform.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsThatDriveLoadAreToldApartFromTheBrokersByName() {
        assertThat(ThreadCpu.drivesLoad("ForkJoinPool-1-worker-3")).isTrue();
        assertThat(ThreadCpu.drivesLoad("HttpClient-1-SelectorManager")).isTrue();
        assertThat(ThreadCpu.drivesLoad("kafka-producer-network-thread | producer-1")).isTrue();
        assertThat(ThreadCpu.drivesLoad("data-plane-kafka-request-handler-0")).isFalse();
        assertThat(ThreadCpu.drivesLoad("kafka-1-raft-io-thread")).isFalse();
    }

    @Test
    void aBusyBrokerThreadCountsAsBrokerAndNotAsLoad() throws Exception {
        long brokerBefore = ThreadCpu.brokerMillis();
        long loadBefore = ThreadCpu.loadGeneratorMillis();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Kept alive until read: only live threads are seen.
        Thread broker = Thread.ofPlatform().name("data-plane-kafka-request-handler-9").start(() -> {
            var threads = ManagementFactory.getThreadMXBean();
            long until = threads.getCurrentThreadCpuTime() + 200_000_000L;
            while (threads.getCurrentThreadCpuTime() < until) {
                Math.sqrt(until); // spins on the CPU, which is the point
            }
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();

        long brokerUsed = ThreadCpu.brokerMillis() - brokerBefore;
        long loadUsed = ThreadCpu.loadGeneratorMillis() - loadBefore;
        release.countDown();
        broker.join();

        assertThat(brokerUsed).isGreaterThanOrEqualTo(200);
        assertThat(loadUsed).isLessThan(200);
    }
}
