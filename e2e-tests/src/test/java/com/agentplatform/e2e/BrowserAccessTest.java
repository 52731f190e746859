package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.ApiClient.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a browser needs and what protects it, over raw HTTP: security headers on every answer (refusals included), the
 * console served same-origin under a Content-Security-Policy without inline script, CORS preflights for every
 * {@code /v1} route from an allowed origin and for none from any other (none are allowed by default), and the
 * console's thread filter on the execution list.
 */
@Timeout(120)
class BrowserAccessTest {

    private static final String APP = "https://app.example.com";
    private static final String REQUESTED_HEADERS = "authorization,x-api-key,idempotency-key,last-event-id,content-type";

    private static ConfigurableApplicationContext corsGateway;
    private static RawHttp withCors;

    private final ApiClient api = Platform.get().api;
    private final RawHttp http = new RawHttp(port(Platform.get().gateway));

    @BeforeAll
    static void startGatewayWithAnAllowedOrigin() {
        corsGateway = Platform.extraGateway(Map.of("platform.gateway.cors.allowed-origins", APP + ",https://other.example.com"));
        withCors = new RawHttp(port(corsGateway));
    }

    @AfterAll
    static void stopIt() {
        corsGateway.close();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersRefusalsIncluded() {
        List<RawHttp.Answer> answers = List.of(
                http.send("GET", "/v1/tenant", null, "Authorization: Bearer " + ApiClient.ACME),
                http.send("GET", "/v1/tenant", null),
                http.send("GET", "/v1/exec%75tions", null),
                http.send("GET", "/console/app.js", null),
                http.send("GET", "/actuator/health/liveness", null));
        assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(200, 401, 400, 200, 200);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.headers()).containsEntry("x-content-type-options", "nosniff");
            assertThat(answer.headers()).containsEntry("x-frame-options", "DENY");
            assertThat(answer.headers()).containsEntry("referrer-policy", "no-referrer");
        });
    }

    @Test
    void theConsoleIsServedSameOriginWithAPolicyThatAllowsNoInlineScriptOrStyle() {
        RawHttp.Answer bare = http.send("GET", "/console", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.headers().get("location")).endsWith("/console/");

        RawHttp.Answer index = http.send("GET", "/console/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.headers().get("content-type")).startsWith("text/html");
        String policy = index.headers().get("content-security-policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=", "<style");

        RawHttp.Answer module = http.send("GET", "/console/pages/execution.js", null);
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.headers().get("content-type")).contains("javascript");
        assertThat(module.headers().get("cache-control")).as("asked again each time: never old and new modules mixed")
                .contains("no-cache");
        assertThat(http.send("GET", "/v1/tenant", null, "Authorization: Bearer " + ApiClient.ACME).headers())
                .as("API answers are not pages: no policy needed").doesNotContainKey("content-security-policy");
    }

    @Test
    void withNoOriginConfiguredABrowserGetsNoCrossOriginAccess() {
        RawHttp.Answer preflight = preflight(http, "/v1/executions", "POST", APP);
        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.headers()).doesNotContainKey("access-control-allow-origin");

        RawHttp.Answer read = http.send("GET", "/v1/tenant", null, "Origin: " + APP, "Authorization: Bearer " + ApiClient.ACME);
        assertThat(read.headers()).doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void anAllowedOriginsPreflightSucceedsWithoutAKeyForEveryTenantRouteAndItsHeaders() {
        List<Routes.Route> tenantRoutes = Routes.of(corsGateway).stream().filter(route -> !route.isAdmin()).toList();
        assertThat(tenantRoutes).hasSizeGreaterThan(20);
        for (Routes.Route route : tenantRoutes) {
            RawHttp.Answer answer = preflight(withCors, route.path(Map.of()), route.method(), APP);
            assertThat(answer.status()).as(route.toString()).isEqualTo(200);
            assertThat(answer.headers()).as(route.toString()).containsEntry("access-control-allow-origin", APP);
            assertThat(answer.headers().get("access-control-allow-methods")).as(route.toString()).contains(route.method());
            assertThat(answer.headers().get("access-control-allow-headers").toLowerCase())
                    .contains("authorization", "x-api-key", "idempotency-key", "last-event-id", "content-type");
            assertThat(answer.headers()).doesNotContainKey("access-control-allow-credentials");
        }
    }

    @Test
    void anAllowedOriginReadsAnswersAndTheirHeadersAndAnotherOriginIsRefused() {
        RawHttp.Answer read = withCors.send("GET", "/v1/tenant", null, "Origin: " + APP, "Authorization: Bearer " + ApiClient.ACME);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers()).containsEntry("access-control-allow-origin", APP);
        assertThat(read.headers().get("access-control-expose-headers"))
                .contains("Location", "X-Request-Id", "X-RateLimit-Remaining", "Retry-After");

        RawHttp.Answer stranger = preflight(withCors, "/v1/executions", "POST", "https://evil.example.net");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.headers()).doesNotContainKey("access-control-allow-origin");

        RawHttp.Answer admin = preflight(withCors, "/admin/v1/tenants", "GET", APP);
        assertThat(admin.headers()).as("the admin API is never for other origins").doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void theExecutionListFiltersByThread() {
        Tenants.Created tenant = Tenants.create();
        String thread = Threads.create(tenant.key());
        String onThread = Threads.accepted(tenant.key(), thread, "{\"agent\": {}, \"input\": \"hello\"}").id();
        Response elsewhere = api.submit(tenant.key(), "{\"agent\": {}, \"input\": \"hello\"}");
        assertThat(elsewhere.status()).isEqualTo(202);

        Response listed = api.get(tenant.key(), "/v1/executions?thread_id=" + thread);
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        assertThat(listed.body().get("data")).extracting(execution -> execution.get("id").asString()).containsExactly(onThread);
        assertThat(api.get(tenant.key(), "/v1/executions").body().get("data")).hasSize(2);

        Response bad = api.get(tenant.key(), "/v1/executions?thread_id=nope");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors").get(0).get("field").asString()).isEqualTo("thread_id");
        Response otherTenants = api.get(ApiClient.GLOBEX, "/v1/executions?thread_id=" + thread);
        assertThat(otherTenants.body().get("data")).as("another tenant's thread lists nothing").isEmpty();
    }

    private static RawHttp.Answer preflight(RawHttp to, String path, String method, String origin) {
        return to.send("OPTIONS", path, null, "Origin: " + origin, "Access-Control-Request-Method: " + method,
                "Access-Control-Request-Headers: " + REQUESTED_HEADERS);
    }

    private static int port(ConfigurableApplicationContext gateway) {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }
}
