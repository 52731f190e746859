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

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    TraceContext(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The {@code traceparent} of the current span, or null outside any trace (or with tracing off). */
    public String currentTraceParent() {
        Tracer current = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        Span span = current == null ? null : current.currentSpan();
        if (span == null || propagation == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        propagation.inject(span.context(), carrier, Map::put);
        return carrier.get("traceparent");
    }
}
