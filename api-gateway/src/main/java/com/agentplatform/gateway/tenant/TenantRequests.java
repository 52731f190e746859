package com.agentplatform.gateway.tenant;

import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.ApiException.FieldError;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Bodies of the admin API, and their checks. */
final class TenantRequests {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private TenantRequests() {
    }

    /** {@code POST /admin/v1/tenants} and {@code PATCH /admin/v1/tenants/{id}} (where every field is optional). */
    @Schema(example = """
            {"name": "acme", "rate_limit_per_minute": 600, "max_concurrent_executions": 20, "max_queued_executions": 1000}""")
    record TenantBody(String name, Integer rateLimitPerMinute, Integer maxConcurrentExecutions, Integer maxQueuedExecutions,
            Integer maxConcurrentStreams, Integer maxConcurrentStreamsPerKey) {

        void check(boolean nameRequired) {
            List<FieldError> errors = new ArrayList<>();
            if (name == null ? nameRequired : !NAME.matcher(name).matches()) {
                errors.add(new FieldError("name", "must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit"));
            }
            range(errors, "rate_limit_per_minute", rateLimitPerMinute, 100_000);
            range(errors, "max_concurrent_executions", maxConcurrentExecutions, 10_000);
            range(errors, "max_queued_executions", maxQueuedExecutions, 1_000_000);
            range(errors, "max_concurrent_streams", maxConcurrentStreams, 100_000);
            range(errors, "max_concurrent_streams_per_key", maxConcurrentStreamsPerKey, 100_000);
            if (!errors.isEmpty()) {
                throw ApiException.validation(errors);
            }
        }
    }

    /** {@code POST /admin/v1/tenants/{id}/api-keys}. */
    @Schema(example = """
            {"name": "ci pipeline"}""")
    record ApiKeyBody(String name) {

        void check() {
            if (name == null || name.isBlank() || name.length() > 100) {
                throw ApiException.validation("name", "must be 1-100 characters");
            }
        }
    }

    private static void range(List<FieldError> errors, String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            errors.add(new FieldError(field, "must be between 1 and " + max));
        }
    }
}
