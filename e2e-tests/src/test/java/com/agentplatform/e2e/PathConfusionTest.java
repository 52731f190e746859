package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.agentplatform.e2e.RawHttp.Answer;
import com.agentplatform.e2e.Routes.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Every admin and tenant route, spelled every way a router, a filter or a proxy might read differently: only the one
 * canonical spelling with the right credential gets in. Without a valid credential nothing answers 2xx (a bypass)
 * or 5xx; with one, no other spelling answers 2xx either.
 */
@Timeout(300)
class PathConfusionTest {

    /** What a refused request may say: the path was refused, the caller was, or no route has that spelling. */
    private static final Set<String> REFUSALS = Set.of("INVALID_PATH", "MALFORMED_REQUEST", "UNAUTHORIZED", "NOT_FOUND",
            "METHOD_NOT_ALLOWED");

    /** Paused: no tick of it runs while the table is walked. */
    private static final String SCHEDULE = "{\"cron\": \"0 9 * * *\", \"input\": \"What is 1 + 1?\", "
            + "\"agent\": {\"tools\": [\"calculator\"]}, \"enabled\": false}";
    private static final String WORKFLOW = "{\"name\": \"pc-workflow\", \"steps\": [{\"id\": \"s\", \"type\": \"agent\", "
            + "\"agent\": {\"tools\": [\"calculator\"]}, \"input\": \"{{input}}\"}]}";

    private static RawHttp http;
    private static List<Route> routes;
    private static Tenants.Created tenant;
    private static Map<String, String> ids;

    @BeforeAll
    static void boot() {
        Platform platform = Platform.get();
        http = new RawHttp(((WebServerApplicationContext) platform.gateway).getWebServer().getPort());
        routes = Routes.of(platform.gateway);
        tenant = Tenants.create();
        ids = realIds(platform.api);
    }

    @Test
    void theTableHasThirtyVariantsOverEveryAdminAndTenantRoute() {
        assertThat(variants("/admin/v1/tenants")).hasSizeGreaterThanOrEqualTo(30);
        assertThat(routes).extracting(Route::toString)
                .contains("GET /admin/v1/tenants", "POST /admin/v1/tenants/{id}/api-keys", "GET /v1/executions",
                        "POST /v1/executions", "GET /v1/events", "DELETE /v1/tools/{name}");
        assertThat(routes).filteredOn(Route::isAdmin).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void noSpellingOfAnyRouteLetsARequestInWithoutTheRightCredential() {
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            String path = route.path(ids);
            // The other area's valid credential must open nothing here either.
            List<String> wrongCredentials = route.isAdmin()
                    ? List.of("", "Authorization: Bearer not-a-token", "Authorization: Bearer " + tenant.key(),
                            "X-API-Key: " + tenant.key())
                    : List.of("", "X-API-Key: apk_bogus_key", "Authorization: Bearer " + Platform.ADMIN_TOKEN);
            for (Map.Entry<String, String> variant : withCanonical(path).entrySet()) {
                for (String credential : wrongCredentials) {
                    Answer answer = send(route, variant.getValue(), credential);
                    if (answer.status() < 400 || answer.status() >= 500 || !REFUSALS.contains(answer.code())) {
                        failures.add(describe(route, variant, credential, answer));
                    }
                }
            }
        }
        assertThat(failures).as("requests let in without the right credential").isEmpty();
    }

    @Test
    void withTheRightCredentialOnlyTheCanonicalSpellingIsServed() {
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            String path = route.path(ids);
            String credential = "Authorization: Bearer " + (route.isAdmin() ? Platform.ADMIN_TOKEN : tenant.key());
            for (Map.Entry<String, String> variant : variants(path).entrySet()) {
                Answer answer = send(route, variant.getValue(), credential);
                if (answer.status() < 400 || answer.status() >= 500 || !answer.isProblem()) {
                    failures.add(describe(route, variant, credential, answer));
                }
            }
            if (route.method().equals("GET")) {
                Answer canonical = send(route, path, credential);
                assertThat(canonical.status()).as("%s as %s: %s", route, path, canonical.body()).isBetween(200, 299);
            }
        }
        assertThat(failures).as("other spellings served").isEmpty();
    }

    private static Answer send(Route route, String target, String credential) {
        String body = switch (route.method()) {
            case "POST", "PUT", "PATCH" -> bodyFor(route);
            default -> null;
        };
        return credential.isEmpty() ? http.send(route.method(), target, body) : http.send(route.method(), target, body, credential);
    }

    /**
     * Bodies that would succeed if the handler ran, so a bypass shows as 2xx rather than hiding behind a validation
     * error.
     */
    private static String bodyFor(Route route) {
        String unique = "pc-" + Long.toHexString(System.nanoTime());
        return switch (route.pattern()) {
            case "/admin/v1/tenants" -> "{\"name\": \"" + unique + "\"}";
            case "/admin/v1/tenants/{id}" -> "{\"rate_limit_per_minute\": 100000}";
            case "/admin/v1/tenants/{id}/api-keys" -> "{\"name\": \"" + unique + "\"}";
            case "/v1/agents", "/v1/agents/{id}" -> "{\"name\": \"" + unique + "\", \"tools\": [\"calculator\"]}";
            case "/v1/tools", "/v1/tools/{name}" -> "{\"name\": \"" + (route.method().equals("PUT") ? ids.get("/v1/tools/") : unique)
                    + "\", \"description\": \"d\", \"kind\": \"http\", \"config\": {\"url\": \"https://example.com/x\"}}";
            case "/v1/schedules", "/v1/schedules/{id}" -> SCHEDULE;
            case "/v1/workflows", "/v1/workflows/{id}" -> WORKFLOW;
            default -> "{\"input\": \"What is 1 + 1?\", \"agent\": {\"tools\": [\"calculator\"]}}";
        };
    }

    private static Map<String, String> withCanonical(String path) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("canonical", path);
        all.put("absolute form", "http://localhost" + path);
        all.putAll(variants(path));
        return all;
    }

    /** Other spellings of {@code path} ({@code /first/rest...}): each one some layer could read as the same route. */
    static Map<String, String> variants(String path) {
        Map<String, String> variants = new LinkedHashMap<>();
        int cut = path.indexOf('/', 1);
        String first = path.substring(1, cut);
        String rest = path.substring(cut + 1);
        String last = path.substring(path.lastIndexOf('/') + 1);
        String head = path.substring(0, path.lastIndexOf('/') + 1);
        UnaryOperator<String> encodeFirstChar = text -> "%" + hex(text.charAt(0)) + text.substring(1);
        variants.put("matrix after first segment", "/" + first + ";x/" + rest);
        variants.put("matrix at the end", path + ";x");
        variants.put("empty matrix", "/" + first + ";/" + rest);
        variants.put("jsessionid", "/" + first + ";jsessionid=0/" + rest);
        variants.put("dot-dot-semicolon", "/" + first + "/..;/" + first + "/" + rest);
        variants.put("encoded semicolon", "/" + first + "%3bx/" + rest);
        variants.put("encoded first letter", "/" + encodeFirstChar.apply(first) + "/" + rest);
        variants.put("encoded first segment", "/" + first.chars().mapToObj(c -> "%" + hex((char) c)).reduce("", String::concat) + "/" + rest);
        variants.put("encoded letter of the last segment", head + encodeFirstChar.apply(last));
        variants.put("double-encoded first letter", "/%25" + hex(first.charAt(0)) + first.substring(1) + "/" + rest);
        variants.put("overlong UTF-8 first letter", "/" + overlong(first.charAt(0)) + first.substring(1) + "/" + rest);
        variants.put("encoded slash", "/" + first + "%2F" + rest);
        variants.put("encoded slash, lower case", "/" + first + "%2f" + rest);
        variants.put("encoded backslash", "/" + first + "%5C" + rest);
        variants.put("backslash", "/" + first + "\\" + rest);
        variants.put("encoded dot segment", "/%2e/" + first + "/" + rest);
        variants.put("encoded dot-dot segment", "/" + first + "/%2e%2e/" + first + "/" + rest);
        variants.put("encoded NUL", path + "%00");
        variants.put("encoded tab", "/" + first + "%09/" + rest);
        variants.put("encoded space at the end", path + "%20");
        variants.put("double slash in front", "/" + path);
        variants.put("double slash inside", "/" + first + "//" + rest);
        variants.put("double slash at the end", path + "//");
        variants.put("dot segment in front", "/./" + first + "/" + rest);
        variants.put("dot segment inside", "/" + first + "/./" + rest);
        variants.put("dot-dot segment", "/x/../" + first + "/" + rest);
        variants.put("trailing dot segment", path + "/.");
        variants.put("trailing slash", path + "/");
        variants.put("upper-case first segment", "/" + first.toUpperCase(Locale.ROOT) + "/" + rest);
        variants.put("capitalised first segment", "/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + "/" + rest);
        variants.put("upper-case path", path.toUpperCase(Locale.ROOT));
        variants.put("suffix", path + ".json");
        variants.put("encoded hash", path + "%23");
        variants.put("raw UTF-8 byte", path + "\u00c3\u00a9");
        variants.put("full-width first letter", "/%EF%BC%" + hex((char) (0x81 + Character.toUpperCase(first.charAt(0)) - 'A'))
                + first.substring(1) + "/" + rest);
        variants.put("absolute form with matrix", "http://localhost/" + first + ";x/" + rest);
        return variants;
    }

    private static String hex(char c) {
        return String.format("%02X", (int) c);
    }

    /** A two-byte UTF-8 encoding of an ASCII character: decoders that accept it turn it back into the letter. */
    private static String overlong(char c) {
        return "%" + String.format("%02X", 0xC0 | (c >> 6)) + "%" + String.format("%02X", 0x80 | (c & 0x3F));
    }

    private static String describe(Route route, Map.Entry<String, String> variant, String credential, Answer answer) {
        return "%s, %s (%s) with [%s] -> %d %s".formatted(route, variant.getKey(), variant.getValue(),
                credential.isEmpty() ? "no credential" : credential.substring(0, Math.min(credential.length(), 24)),
                answer.status(), answer.code());
    }

    /** Ids of real resources, so a request that slipped through would find something to act on. */
    private static Map<String, String> realIds(ApiClient api) {
        Map<String, String> ids = new LinkedHashMap<>();
        String tool = "pc_tool";
        api.call("POST", "/v1/tools", tenant.key(), "{\"name\": \"" + tool + "\", \"description\": \"d\", \"kind\": \"http\", "
                + "\"config\": {\"url\": \"https://example.com/x\"}}");
        ids.put("/v1/tools/", tool);
        ids.put("/v1/agents/", api.call("POST", "/v1/agents", tenant.key(), "{\"name\": \"pc-agent\", \"tools\": [\"calculator\"]}").id());
        ids.put("/v1/executions/", api.call("POST", "/v1/executions", tenant.key(),
                "{\"input\": \"What is 1 + 1?\", \"agent\": {\"tools\": [\"calculator\"]}}").id());
        ids.put("/v1/threads/", api.call("POST", "/v1/threads", tenant.key(), "{}").id());
        ids.put("/v1/webhooks/", api.call("POST", "/v1/webhooks", tenant.key(),
                "{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"execution.succeeded\"]}").id());
        ids.put("/v1/schedules/", api.call("POST", "/v1/schedules", tenant.key(), SCHEDULE).id());
        String workflow = api.call("POST", "/v1/workflows", tenant.key(), WORKFLOW).id();
        ids.put("/v1/workflows/", workflow);
        ids.put("/v1/workflow-runs/", api.call("POST", "/v1/workflows/" + workflow + "/runs", tenant.key(),
                "{\"input\": \"What is 1 + 1?\"}").id());
        ids.put("/admin/v1/tenants/", tenant.id());
        ids.put("/api-keys/", tenant.keyId());
        return ids;
    }
}
