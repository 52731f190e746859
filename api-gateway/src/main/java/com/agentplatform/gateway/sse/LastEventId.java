package com.agentplatform.gateway.sse;

import com.agentplatform.gateway.web.ApiException;

/** The resume point of a stream whose events are numbered 1, 2, 3…: an execution's, a workflow run's. */
public final class LastEventId {

    private LastEventId() {
    }

    /**
     * The sequence after which a stream resumes: the {@code Last-Event-ID} header if sent, else the
     * {@code last_event_id} parameter, else 0 (replay everything); 400 for anything but a non-negative number.
     */
    public static long sequence(String header, String parameter) {
        String value = header != null ? header : parameter;
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.validation("last_event_id", "must be a non-negative event id");
        }
    }
}
