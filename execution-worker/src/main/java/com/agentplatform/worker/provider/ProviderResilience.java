package com.agentplatform.worker.provider;

import com.agentplatform.worker.WorkerSettings;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One retry, circuit breaker and bulkhead per provider, built from the type of the failure: only
 * {@link TransientModelException} is retried and counts against the provider's health; a
 * {@link PermanentModelException} fails at once and is not the provider's fault. State is exported as metrics.
 */
final class ProviderResilience {

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    ProviderResilience(WorkerSettings.Resilience settings, MeterRegistry meters) {
        this.retries = RetryRegistry.of(RetryConfig.<Object>custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(backoff(settings))
                .retryOnException(e -> e instanceof TransientModelException)
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof TransientModelException)
                .ignoreExceptions(PermanentModelException.class)
                .build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(settings.bulkheadWait())
                .build());
        if (meters != null) {
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
            TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        }
    }

    Retry retry(String provider) {
        return retries.retry(provider);
    }

    CircuitBreaker breaker(String provider) {
        return breakers.circuitBreaker(provider);
    }

    Bulkhead bulkhead(String provider) {
        return bulkheads.bulkhead(provider);
    }

    /** Waits what the provider asked ({@code Retry-After}, capped), else exponential backoff with full jitter. */
    private static IntervalBiFunction<Object> backoff(WorkerSettings.Resilience settings) {
        return (attempt, outcome) -> {
            Throwable failure = outcome.isLeft() ? outcome.getLeft() : null;
            if (failure instanceof TransientModelException transientFailure && transientFailure.retryAfter() != null) {
                Duration asked = transientFailure.retryAfter();
                return Math.min(asked.toMillis(), settings.maxRetryAfter().toMillis());
            }
            long ceiling = Math.min(settings.maxBackoff().toMillis(),
                    settings.initialBackoff().toMillis() * (1L << Math.min(20, attempt - 1)));
            return settings.initialBackoff().toMillis() / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
        };
    }
}
