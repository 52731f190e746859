package com.agentplatform.gateway.webhook;

import com.agentplatform.gateway.web.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The event names an endpoint may subscribe to (the API's list). */
final class WebhookEvents {

    static final List<String> NAMES = List.of("execution.succeeded", "execution.failed", "execution.cancelled",
            "execution.timed_out", "execution.waiting", "workflow_run.succeeded", "workflow_run.failed");

    private WebhookEvents() {
    }

    /** The events without repeats, in the order given; 400 when empty or when one is not an event of the API. */
    static List<String> checked(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw ApiException.validation("events", "must name at least one of " + NAMES);
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (String event : events) {
            if (!NAMES.contains(event)) {
                throw ApiException.validation("events", "'" + event + "' is not an event; events are " + NAMES);
            }
            distinct.add(event);
        }
        return List.copyOf(distinct);
    }
}
