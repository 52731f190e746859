package com.agentplatform.gateway.webhook;

import com.agentplatform.common.id.TenantId;
import com.agentplatform.common.id.UuidV7;
import com.agentplatform.gateway.GatewaySettings;
import com.agentplatform.gateway.tenant.AuthenticatedTenant;
import com.agentplatform.gateway.tenant.TenantLocks;
import com.agentplatform.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creating, reading, changing and deleting webhook endpoints, and their delivery log. */
@Service
class WebhookService {

    private static final int MAX_DESCRIPTION = 500;

    private final WebhookRepository endpoints;
    private final TenantLocks tenantLocks;
    private final WebhookUrls urls;
    private final WebhookSecrets secrets;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxPerTenant;

    WebhookService(WebhookRepository endpoints, WebhookUrls urls, WebhookSecrets secrets, TransactionTemplate transactions,
            Clock clock, GatewaySettings settings, TenantLocks tenantLocks) {
        this.tenantLocks = tenantLocks;
        this.endpoints = endpoints;
        this.urls = urls;
        this.secrets = secrets;
        this.transactions = transactions;
        this.clock = clock;
        this.maxPerTenant = settings.webhooks().maxPerTenant();
    }

    /** A new endpoint with its secret (shown this once); past the tenant's bound, 429. */
    WebhookView create(AuthenticatedTenant tenant, WebhookBody body) {
        if (body == null) {
            throw ApiException.validation("url", "is required");
        }
        if (body.enabled() != null) {
            throw ApiException.validation("enabled", "is not taken at creation: an endpoint starts enabled");
        }
        String url = urls.checked(body.url());
        List<String> events = WebhookEvents.checked(body.events());
        UUID id = UuidV7.next();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        WebhookSecrets.Issued secret = secrets.issue(tenant.id(), id);
        WebhookView endpoint = new WebhookView(id, url, events, description(body.description()), true, null, now, now);
        transactions.executeWithoutResult(status -> {
            tenantLocks.lock(tenant.id());
            long existing = endpoints.count(tenant.id());
            if (existing >= maxPerTenant) {
                throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "WEBHOOK_LIMIT_EXCEEDED", "tenant has " + existing
                        + " webhook endpoints, the most it may have (" + maxPerTenant + "); delete some first");
            }
            endpoints.insert(tenant.id(), endpoint, secret.sealed());
        });
        return endpoint.withSecret(secret.secret());
    }

    WebhookView get(AuthenticatedTenant tenant, UUID id) {
        return endpoints.find(tenant.id(), id).orElseThrow(() -> notFound(id));
    }

    List<WebhookView> list(AuthenticatedTenant tenant, UUID after, int limit) {
        return endpoints.list(tenant.id(), after, limit);
    }

    WebhookView update(AuthenticatedTenant tenant, UUID id, WebhookBody body) {
        WebhookView stored = get(tenant, id);
        if (body == null) {
            return stored;
        }
        WebhookView changed = new WebhookView(id,
                body.url() == null ? stored.url() : urls.checked(body.url()),
                body.events() == null ? stored.events() : WebhookEvents.checked(body.events()),
                body.description() == null ? stored.description() : description(body.description()),
                body.enabled() == null ? stored.enabled() : body.enabled(),
                null, stored.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        if (!endpoints.update(tenant.id(), changed)) {
            throw notFound(id);
        }
        return changed;
    }

    void delete(AuthenticatedTenant tenant, UUID id) {
        if (!endpoints.delete(tenant.id(), id)) {
            throw notFound(id);
        }
    }

    /** A new secret replaces the old one at once; deliveries sent from now on are signed with it. */
    WebhookView rotateSecret(AuthenticatedTenant tenant, UUID id) {
        get(tenant, id);
        WebhookSecrets.Issued secret = secrets.issue(tenant.id(), id);
        if (!endpoints.replaceSecret(tenant.id(), id, secret.sealed(), clock.instant())) {
            throw notFound(id);
        }
        return get(tenant, id).withSecret(secret.secret());
    }

    List<DeliveryView> deliveries(AuthenticatedTenant tenant, UUID id, UUID after, int limit) {
        get(tenant, id);
        return endpoints.deliveries(tenant.id(), id, after, limit);
    }

    /** Sends a finished delivery again, with its own {@code webhook-id}; one still pending is already on its way. */
    void redeliver(AuthenticatedTenant tenant, UUID id, UUID delivery) {
        TenantId owner = tenant.id();
        get(tenant, id);
        if (!endpoints.redeliver(owner, id, delivery, clock.instant())
                && endpoints.deliveryStatus(owner, id, delivery).isEmpty()) {
            throw ApiException.notFound("delivery " + delivery);
        }
    }

    private static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiException.validation("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description;
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("webhook " + id);
    }
}
