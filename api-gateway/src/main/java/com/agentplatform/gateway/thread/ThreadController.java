package com.agentplatform.gateway.thread;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.ApiException;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Threads")
class ThreadController {

    private final ThreadService threads;

    ThreadController(ThreadService threads) {
        this.threads = threads;
    }

    @Operation(operationId = "createThread", summary = "Create a thread")
    @ApiResponse(responseCode = "201", description = "Created, idle")
    @ApiResponse(responseCode = "429", description = "THREAD_LIMIT_EXCEEDED: the tenant has as many threads as it may")
    @PostMapping(path = "/v1/threads")
    ResponseEntity<ThreadView> create(AuthenticatedTenant tenant, @RequestBody(required = false) ThreadBody body) {
        ThreadView created = threads.create(tenant, body == null ? null : body.metadata());
        return ResponseEntity.created(URI.create("/v1/threads/" + created.id())).body(created);
    }

    @Operation(operationId = "listThreads", summary = "List threads")
    @GetMapping("/v1/threads")
    Page<ThreadView> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(threads.list(tenant, Page.after(cursor), size), size, ThreadView::id);
    }

    @Operation(operationId = "getThread", summary = "Get a thread")
    @GetMapping("/v1/threads/{id}")
    ThreadView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return threads.get(tenant, PathIds.uuid(id, "thread"));
    }

    @Operation(operationId = "updateThread", summary = "Change a thread's metadata")
    @PatchMapping(path = "/v1/threads/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ThreadView update(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody ThreadBody body) {
        return threads.replaceMetadata(tenant, PathIds.uuid(id, "thread"), body.metadata());
    }

    @Operation(operationId = "deleteThread", summary = "Delete a thread and stop its runs")
    @ApiResponse(responseCode = "204", description = "Deleted: its queued runs are cancelled, its running ones stop at their next step")
    @DeleteMapping("/v1/threads/{id}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        threads.delete(tenant, PathIds.uuid(id, "thread"));
        return ResponseEntity.noContent().build();
    }

    /** Oldest first; the cursor names the last message of the previous page. */
    @Operation(operationId = "listThreadMessages", summary = "List the messages of a thread, oldest first")
    @GetMapping("/v1/threads/{id}/messages")
    Messages messages(AuthenticatedTenant tenant, @PathVariable String id, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        List<ThreadMessageView> rows = threads.messages(tenant, PathIds.uuid(id, "thread"), afterSeq(cursor), size);
        if (rows.size() <= size) {
            return new Messages(rows, null);
        }
        List<ThreadMessageView> page = List.copyOf(rows.subList(0, size));
        return new Messages(page, encode(page.getLast().seq()));
    }

    /** A page of a thread's messages and the cursor of the next one ({@code null} on the last page). */
    record Messages(List<ThreadMessageView> data, String nextCursor) {
    }

    private static final String CURSOR_PREFIX = "m:";

    private static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    private static long afterSeq(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            long seq = decoded.startsWith(CURSOR_PREFIX) ? Long.parseLong(decoded.substring(CURSOR_PREFIX.length())) : -1;
            if (seq >= 0) {
                return seq;
            }
        } catch (IllegalArgumentException e) {
            // not base64, or no number after the prefix: refused below
        }
        throw ApiException.validation("cursor", "is not a cursor this API returned");
    }
}
