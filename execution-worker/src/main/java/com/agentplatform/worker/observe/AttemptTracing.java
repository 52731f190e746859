package com.agentplatform.worker.observe;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Spans of a worker's attempts. An attempt joins the trace of the request that submitted its execution (its stored
 * {@code traceparent}), whichever wake-up started it: the first message, a retry, a recovery after a crash. LLM and
 * tool calls become child spans with the times the run recorded for them.
 */
@Component
public class AttemptTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    AttemptTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
    }

    /** An open attempt span, current on this thread until {@link Attempt#close()}. */
    public Attempt start(String traceParent, String executionId, int attempt) {
        Tracer current = tracer;
        Propagator propagation = propagator;
        if (current == null || propagation == null) {
            return Attempt.NONE;
        }
        Span.Builder builder = traceParent == null ? current.spanBuilder()
                : propagation.extract(Map.of("traceparent", traceParent), Map::get);
        Span span = builder.name("execution attempt").start()
                .tag("execution.id", executionId)
                .tag("execution.attempt", attempt);
        return new Attempt(current, span, current.withSpan(span));
    }

    /** An attempt's span and its scope on the running thread. */
    public static final class Attempt implements AutoCloseable {

        static final Attempt NONE = new Attempt(null, null, null);

        private final Tracer tracer;
        private final Span span;
        private final Tracer.SpanInScope scope;

        private Attempt(Tracer tracer, Span span, Tracer.SpanInScope scope) {
            this.tracer = tracer;
            this.span = span;
            this.scope = scope;
        }

        /** A finished LLM or tool call of this attempt, as a child span with its own start and duration. */
        public void call(String kind, String name, long startEpochMillis, long durationMs, boolean failed) {
            if (span == null) {
                return;
            }
            Span call = tracer.spanBuilder().setParent(span.context()).name(kind + " " + name)
                    .startTimestamp(startEpochMillis, TimeUnit.MILLISECONDS).start()
                    .tag("call.kind", kind)
                    .tag(kind.equals("llm") ? "llm.model" : "tool.name", name)
                    .tag("outcome", failed ? "error" : "ok");
            call.end(startEpochMillis + durationMs, TimeUnit.MILLISECONDS);
        }

        public void outcome(String status) {
            if (span != null) {
                span.tag("execution.status", status);
            }
        }

        @Override
        public void close() {
            if (span != null) {
                scope.close();
                span.end();
            }
        }
    }
}
