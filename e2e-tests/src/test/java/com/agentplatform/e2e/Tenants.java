package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.util.UUID;

/** Test data: fresh tenants made through the admin API, so tests never share limits or data. */
final class Tenants {

    private Tenants() {
    }

    record Created(String id, String name, String key, String keyId) {
    }

    static Created create(String limitsJson) {
        ApiClient api = Platform.get().api;
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String body = limitsJson == null ? "{\"name\":\"" + name + "\"}" : "{\"name\":\"" + name + "\"," + limitsJson + "}";
        Response tenant = api.admin("POST", "/admin/v1/tenants", body);
        assertThat(tenant.status()).as("create tenant: %s", tenant.raw()).isEqualTo(201);
        Response key = api.admin("POST", "/admin/v1/tenants/" + tenant.id() + "/api-keys", "{\"name\":\"test key\"}");
        assertThat(key.status()).as("issue key: %s", key.raw()).isEqualTo(201);
        return new Created(tenant.id(), name, key.text("key"), key.id());
    }

    static Created create() {
        return create(null);
    }
}
