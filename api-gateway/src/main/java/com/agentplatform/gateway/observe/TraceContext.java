package com.agentplatform.gateway.observe;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The W3C trace context of the current request, to store with what it submits so workers join its trace. */
@Component
public class TraceContext {

    private final Tracer tracer;
    private final Propagator propagator;

    // Resolved once: a bean lookup on every submit showed up in the submit benchmark's profile.
    TraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
    }

    /** The {@code traceparent} of the current span, or null outside any trace (or with tracing off). */
    public String currentTraceParent() {
        Span span = tracer == null || propagator == null ? null : tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get("traceparent");
    }

    /** Adds {@code key=value} to the current span (the request's), so its trace can be found by it; nothing outside one. */
    public void tag(String key, String value) {
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span != null) {
            span.tag(key, value);
        }
    }
}
