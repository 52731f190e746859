package com.agentplatform.gateway.webhook;

import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.web.Page;
import com.agentplatform.gateway.web.PathIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
@Tag(name = "Webhooks")
class WebhookController {

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    @Operation(operationId = "createWebhook", summary = "Create a webhook endpoint")
    @ApiResponse(responseCode = "201", description = "Created, enabled; the secret is shown this once")
    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: not an http(s) URL, a URL that leads to a "
            + "private or loopback address, or an unknown event")
    @ApiResponse(responseCode = "429", description = "WEBHOOK_LIMIT_EXCEEDED: the tenant has as many endpoints as it may")
    @PostMapping(path = "/v1/webhooks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WebhookView> create(AuthenticatedTenant tenant, @RequestBody WebhookBody body) {
        WebhookView created = webhooks.create(tenant, body);
        return ResponseEntity.created(URI.create("/v1/webhooks/" + created.id())).body(created);
    }

    @Operation(operationId = "listWebhooks", summary = "List webhook endpoints")
    @GetMapping("/v1/webhooks")
    Page<WebhookView> list(AuthenticatedTenant tenant, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(webhooks.list(tenant, Page.after(cursor), size), size, WebhookView::id);
    }

    @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
    @GetMapping("/v1/webhooks/{id}")
    WebhookView get(AuthenticatedTenant tenant, @PathVariable String id) {
        return webhooks.get(tenant, PathIds.uuid(id, "webhook"));
    }

    @Operation(operationId = "updateWebhook", summary = "Change a webhook endpoint; enable or disable it")
    @PatchMapping(path = "/v1/webhooks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    WebhookView update(AuthenticatedTenant tenant, @PathVariable String id, @RequestBody WebhookBody body) {
        return webhooks.update(tenant, PathIds.uuid(id, "webhook"), body);
    }

    @Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint")
    @ApiResponse(responseCode = "204", description = "Deleted, with its delivery log; nothing more is sent to it")
    @DeleteMapping("/v1/webhooks/{id}")
    ResponseEntity<Void> delete(AuthenticatedTenant tenant, @PathVariable String id) {
        webhooks.delete(tenant, PathIds.uuid(id, "webhook"));
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "rotateWebhookSecret", summary = "Replace a webhook endpoint's signing secret")
    @ApiResponse(responseCode = "200", description = "The endpoint with its new secret, shown this once")
    @PostMapping("/v1/webhooks/{id}/rotate-secret")
    WebhookView rotateSecret(AuthenticatedTenant tenant, @PathVariable String id) {
        return webhooks.rotateSecret(tenant, PathIds.uuid(id, "webhook"));
    }

    /** Newest first. */
    @Operation(operationId = "listWebhookDeliveries", summary = "List the deliveries to a webhook endpoint, newest first")
    @GetMapping("/v1/webhooks/{id}/deliveries")
    Page<DeliveryView> deliveries(AuthenticatedTenant tenant, @PathVariable String id,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = Page.limit(limit);
        return Page.of(webhooks.deliveries(tenant, PathIds.uuid(id, "webhook"), Page.after(cursor), size), size,
                DeliveryView::id);
    }

    @Operation(operationId = "redeliverWebhook", summary = "Send a delivery again")
    @ApiResponse(responseCode = "202", description = "The delivery is due again, under the same webhook-id")
    @PostMapping("/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver")
    ResponseEntity<Void> redeliver(AuthenticatedTenant tenant, @PathVariable String id, @PathVariable String deliveryId) {
        webhooks.redeliver(tenant, PathIds.uuid(id, "webhook"), PathIds.uuid(deliveryId, "delivery"));
        return ResponseEntity.accepted().build();
    }
}
