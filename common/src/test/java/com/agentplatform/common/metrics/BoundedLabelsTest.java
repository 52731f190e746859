package com.agentplatform.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedLabelsTest {

    @Test
    void theFirstTenantsGetTheirOwnLabelAndLaterOnesShareOther() {
        BoundedLabels labels = new BoundedLabels(new BoundedLabels.Settings(2, Set.of()));

        assertThat(labels.of("a")).isEqualTo("a");
        assertThat(labels.of("b")).isEqualTo("b");
        assertThat(labels.of("c")).isEqualTo(BoundedLabels.OTHER);
        assertThat(labels.of("a")).isEqualTo("a");
    }

    @Test
    void allowListedTenantsAlwaysGetTheirOwnLabel() {
        BoundedLabels labels = new BoundedLabels(new BoundedLabels.Settings(0, Set.of("vip")));

        assertThat(labels.of("someone")).isEqualTo(BoundedLabels.OTHER);
        assertThat(labels.of("vip")).isEqualTo("vip");
    }

    @Test
    void neverHandsOutMoreLabelsThanTheLimitUnderConcurrency() throws InterruptedException {
        BoundedLabels labels = new BoundedLabels(new BoundedLabels.Settings(50, Set.of()));
        Set<String> handedOut = ConcurrentHashMap.newKeySet();
        try (var threads = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 10_000).forEach(i -> threads.execute(() -> handedOut.add(labels.of("tenant-" + i))));
        }

        assertThat(handedOut).contains(BoundedLabels.OTHER).hasSize(51);
    }
}
