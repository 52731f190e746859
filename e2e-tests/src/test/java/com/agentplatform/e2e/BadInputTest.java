package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.agentplatform.e2e.ApiClient.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/** Whatever a client sends, a bad request gets a clear 4xx problem+json, and the server logs no stack trace for it. */
@Timeout(120)
class BadInputTest {

    private static ApiClient api;
    private static Tenants.Created tenant;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void boot() {
        api = Platform.get().api;
        tenant = Tenants.create();
    }

    @BeforeEach
    void captureLogs() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(log);
    }

    @Test
    void everyMalformedRequestGetsA4xxProblemAndNoStackTrace() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
        for (Case bad : cases) {
            Response answer = api.call(bad.method(), bad.path(), bad.admin() ? Platform.ADMIN_TOKEN : tenant.key(), bad.body(),
                    bad.headers());
            assertThat(answer.status()).as("%s: %s", bad.name(), answer.raw()).isEqualTo(bad.expected());
            assertThat(answer.contentType()).as(bad.name()).startsWith("application/problem+json");
            assertThat(answer.text("code")).as(bad.name()).matches("[A-Z_]+");
            assertThat(answer.text("type")).as(bad.name()).startsWith("urn:agent-platform:problem:");
            assertThat(answer.body().get("status").asInt()).as(bad.name()).isEqualTo(bad.expected());
            assertThat(answer.raw()).as(bad.name()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(log.list).as("log events with a stack trace or at ERROR")
                .filteredOn(event -> event.getThrowableProxy() != null || event.getLevel().isGreaterOrEqual(Level.ERROR))
                .isEmpty();
    }

    @Test
    void everyRouteRefusesQueryParametersAndHeadersItCannotReadWithA400() {
        Platform platform = Platform.get();
        RawHttp http = new RawHttp(((WebServerApplicationContext) platform.gateway).getWebServer().getPort());
        Map<String, String> queries = Map.of(
                "NUL and invalid UTF-8", "cursor=%00%ff",
                "invalid UTF-8", "cursor=%ff",
                "bad escape", "cursor=%zz",
                "truncated escape", "limit=%",
                "overlong UTF-8", "status=a%c0%80",
                "encoded surrogate", "cursor=%ed%a0%80",
                "control character", "last_event_id=%01",
                "DEL character", "tool=%7f",
                "unreadable name", "%ff=1");
        Map<String, String> headers = Map.of(
                "Idempotency-Key", "Idempotency-Key: \u00ff\u00fe",
                "Last-Event-ID", "Last-Event-ID: 1\u00ff",
                "X-API-Key", "X-API-Key: apk_\u00e9");
        List<String> failures = new ArrayList<>();
        for (Routes.Route route : Routes.of(platform.gateway)) {
            String credential = "Authorization: Bearer " + (route.isAdmin() ? Platform.ADMIN_TOKEN : tenant.key());
            String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
            String path = route.path(Map.of());
            queries.forEach((name, query) -> check(failures, route + " " + name,
                    http.send(route.method(), path + "?" + query, body, credential)));
            headers.forEach((name, header) -> check(failures, route + " " + name,
                    http.send(route.method(), path, body, credential, header)));
        }
        assertThat(failures).isEmpty();
    }

    private static void check(List<String> failures, String what, RawHttp.Answer answer) {
        if (answer.status() != 400 || !answer.isProblem() || !"VALIDATION_FAILED".equals(answer.code())
                || !answer.body().contains("\"errors\"")) {
            failures.add(what + " -> " + answer.status() + " " + answer.body());
        }
    }

    @Test
    void unusualButValidUnicodeIsAcceptedAndKeptExactly() {
        String input = "What is 2 + 2? 🧮 ＝ ٢+٢ — e\u0301 \u202Eright-to-left\u202C 𝔘𝔫𝔦𝔠𝔬𝔡𝔢";
        Response accepted = api.call("POST", "/v1/executions", tenant.key(),
                "{\"agent\": {\"tools\": [\"calculator\"]}, \"input\": \"" + input + "\", \"metadata\": {\"ключ\": \"値\"}}");
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        Response read = api.get(tenant.key(), "/v1/executions/" + accepted.id());
        assertThat(read.text("input")).isEqualTo(input);
        assertThat(read.body().get("metadata").get("ключ").asString()).isEqualTo("値");
    }

    private static List<Case> cases() {
        String big = "x".repeat(100_001);
        List<Case> cases = new ArrayList<>();
        String submit = "/v1/executions";
        // Broken or mis-shaped JSON.
        cases.add(post("broken JSON", submit, "{", 400));
        cases.add(post("array body", submit, "[]", 400));
        cases.add(post("string body", submit, "\"run\"", 400));
        cases.add(post("null body", submit, "null", 400));
        cases.add(post("empty body", submit, "", 400));
        cases.add(post("trailing garbage", submit, "{\"input\": \"x\", \"agent\": {}} xyz", 400));
        cases.add(post("duplicate field", submit, "{\"input\": \"a\", \"input\": \"b\", \"agent\": {}}", 400));
        cases.add(post("deep nesting", submit, "{\"input\": \"x\", \"agent\": {}, \"metadata\": " + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001), 400));
        // Wrong types.
        cases.add(post("number as input", submit, "{\"input\": 5, \"agent\": {}}", 400));
        cases.add(post("string as agent", submit, "{\"input\": \"x\", \"agent\": \"calc\"}", 400));
        cases.add(post("string as max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": \"ten\"}}", 400));
        cases.add(post("fraction as max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": 2.5}}", 400));
        cases.add(post("object as tools", submit, "{\"input\": \"x\", \"agent\": {\"tools\": {\"a\": 1}}}", 400));
        cases.add(post("string as metadata", submit, "{\"input\": \"x\", \"agent\": {}, \"metadata\": \"m\"}", 400));
        cases.add(post("bad uuid agent_id", submit, "{\"input\": \"x\", \"agent_id\": \"not-a-uuid\"}", 400));
        // Out of range.
        cases.add(post("zero max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": 0}}", 400));
        cases.add(post("negative max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": -1}}", 400));
        cases.add(post("huge max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": 1000000000}}", 400));
        cases.add(post("overflowing max_steps", submit, "{\"input\": \"x\", \"agent\": {\"max_steps\": 99999999999999999999}}", 400));
        cases.add(post("zero timeout", submit, "{\"input\": \"x\", \"agent\": {\"timeout_seconds\": 0}}", 400));
        cases.add(post("huge timeout", submit, "{\"input\": \"x\", \"agent\": {\"timeout_seconds\": 10000000}}", 400));
        cases.add(post("negative max_tokens", submit, "{\"input\": \"x\", \"agent\": {\"max_tokens\": -5}}", 400));
        cases.add(post("exponent max_tokens", submit, "{\"input\": \"x\", \"agent\": {\"max_tokens\": 1e400}}", 400));
        // Missing, empty and oversized values.
        cases.add(post("empty input", submit, "{\"input\": \"\", \"agent\": {}}", 400));
        cases.add(post("blank input", submit, "{\"input\": \"   \", \"agent\": {}}", 400));
        cases.add(post("huge input", submit, "{\"input\": \"" + big + "\", \"agent\": {}}", 400));
        cases.add(post("huge agent name", submit, "{\"input\": \"x\", \"agent\": {\"name\": \"" + "n".repeat(10_000) + "\"}}", 400));
        cases.add(post("no agent", submit, "{\"input\": \"x\"}", 400));
        cases.add(post("two agents", submit, "{\"input\": \"x\", \"agent\": {}, \"agent_id\": \"" + java.util.UUID.randomUUID() + "\"}", 400));
        cases.add(post("repeated tool", submit, "{\"input\": \"x\", \"agent\": {\"tools\": [\"calculator\", \"calculator\"]}}", 400));
        cases.add(post("null tool", submit, "{\"input\": \"x\", \"agent\": {\"tools\": [null]}}", 400));
        cases.add(post("too many tools", submit, "{\"input\": \"x\", \"agent\": {\"tools\": [" + "\"t\",".repeat(99) + "\"t\"]}}", 400));
        cases.add(post("huge metadata", submit, "{\"input\": \"x\", \"agent\": {}, \"metadata\": {\"m\": \"" + "m".repeat(20_000) + "\"}}", 400));
        cases.add(post("body over 1 MiB", submit, "{\"input\": \"" + "x".repeat(1_100_000) + "\", \"agent\": {}}", 413));
        // Fields a client may not set.
        cases.add(post("tenant_id in body", submit, "{\"input\": \"x\", \"agent\": {}, \"tenant_id\": \"" + java.util.UUID.randomUUID() + "\"}", 400));
        cases.add(post("status in body", submit, "{\"input\": \"x\", \"agent\": {}, \"status\": \"succeeded\"}", 400));
        cases.add(post("attempt in agent", submit, "{\"input\": \"x\", \"agent\": {\"attempt\": 3}}", 400));
        cases.add(post("usage in body", submit, "{\"input\": \"x\", \"agent\": {}, \"usage\": {\"input_tokens\": 0}}", 400));
        // Unicode that cannot be stored.
        cases.add(post("NUL in input", submit, "{\"input\": \"a\\u0000b\", \"agent\": {}}", 400));
        cases.add(post("lone surrogate in input", submit, "{\"input\": \"a\\ud800b\", \"agent\": {}}", 400));
        cases.add(post("NUL in metadata key", submit, "{\"input\": \"x\", \"agent\": {}, \"metadata\": {\"a\\u0000\": 1}}", 400));
        cases.add(post("invalid UTF-8 escape", submit, "{\"input\": \"\\uZZZZ\", \"agent\": {}}", 400));
        // Things this deployment does not have.
        cases.add(post("unknown tool", submit, "{\"input\": \"x\", \"agent\": {\"tools\": [\"rm_rf\"]}}", 422));
        cases.add(post("unknown model", submit, "{\"input\": \"x\", \"agent\": {\"model\": \"nope:nothing\"}}", 422));
        // Media types, methods, headers.
        cases.add(new Case("text/plain body", "POST", submit, "hi", 415, false, "Content-Type", "text/plain"));
        cases.add(new Case("XML body", "POST", submit, "<x/>", 415, false, "Content-Type", "application/xml"));
        cases.add(new Case("PUT on the collection", "PUT", submit, "{}", 405, false));
        cases.add(new Case("overlong Idempotency-Key", "POST", submit, "{\"input\": \"x\", \"agent\": {}}", 400, false,
                "Idempotency-Key", "k".repeat(300)));
        cases.add(new Case("non-numeric Last-Event-ID", "GET", "/v1/events", null, 400, false, "Last-Event-ID", "abc"));
        // Query parameters.
        cases.add(get("zero limit", "/v1/executions?limit=0", 400));
        cases.add(get("huge limit", "/v1/executions?limit=1000", 400));
        cases.add(get("text limit", "/v1/executions?limit=abc", 400));
        cases.add(get("unknown status", "/v1/executions?status=done", 400));
        cases.add(get("forged cursor", "/v1/executions?cursor=!!!", 400));
        cases.add(get("bad agent_id filter", "/v1/executions?agent_id=12", 400));
        cases.add(get("NUL tool filter", "/v1/agents?tool=%00", 400));
        cases.add(post("wait too long", submit + "?wait=61", "{\"input\": \"x\", \"agent\": {}}", 400));
        cases.add(post("negative wait", submit + "?wait=-1", "{\"input\": \"x\", \"agent\": {}}", 400));
        // Paths.
        cases.add(get("malformed execution id", "/v1/executions/not-a-uuid", 404));
        cases.add(get("NUL tool name", "/v1/tools/%00", 400));
        // Agents, tools and admin bodies.
        cases.add(post("agent without name", "/v1/agents", "{\"tools\": [\"calculator\"]}", 400));
        cases.add(post("tool of unknown kind", "/v1/tools", "{\"name\": \"t1\", \"description\": \"d\", \"kind\": \"ftp\", \"config\": {}}", 400));
        cases.add(post("tool with a file URL", "/v1/tools", "{\"name\": \"t2\", \"description\": \"d\", \"kind\": \"http\", \"config\": {\"url\": \"file:///etc/passwd\"}}", 400));
        cases.add(post("tool named like a built-in", "/v1/tools", "{\"name\": \"calculator\", \"description\": \"d\", \"kind\": \"http\", \"config\": {\"url\": \"https://example.com\"}}", 400));
        cases.add(post("tool with unknown config", "/v1/tools", "{\"name\": \"t3\", \"description\": \"d\", \"kind\": \"mcp\", \"config\": {\"url\": \"https://example.com\", \"command\": \"sh\"}}", 400));
        // Approvals (the shape is checked before the execution is looked up).
        String approval = "/v1/executions/" + java.util.UUID.randomUUID() + "/approval";
        cases.add(post("approval without call_id", approval, "{\"decision\": \"approve\"}", 400));
        cases.add(post("approval with an unknown decision", approval, "{\"call_id\": \"c\", \"decision\": \"maybe\"}", 400));
        cases.add(post("approval arguments not an object", approval, "{\"call_id\": \"c\", \"decision\": \"approve\", \"arguments\": \"x\"}", 400));
        cases.add(post("rejection with arguments", approval, "{\"call_id\": \"c\", \"decision\": \"reject\", \"arguments\": {}}", 400));
        cases.add(post("NUL in an approval's reason", approval, "{\"call_id\": \"c\", \"decision\": \"reject\", \"reason\": \"a\\u0000\"}", 400));
        cases.add(post("huge approval reason", approval, "{\"call_id\": \"c\", \"decision\": \"reject\", \"reason\": \"" + "r".repeat(3_000) + "\"}", 400));
        cases.add(post("require_approval not a list", submit, "{\"input\": \"x\", \"agent\": {\"require_approval\": \"calculator\"}}", 400));
        cases.add(post("zero approval timeout", submit, "{\"input\": \"x\", \"agent\": {\"approval_timeout_seconds\": 0}}", 400));
        cases.add(post("approval for a tool the agent lacks", submit, "{\"input\": \"x\", \"agent\": {\"require_approval\": [\"calculator\"]}}", 400));
        cases.add(new Case("negative tenant rate limit", "POST", "/admin/v1/tenants", "{\"name\": \"bad-1\", \"rate_limit_per_minute\": -1}", 400, true));
        cases.add(new Case("overlong tenant name", "POST", "/admin/v1/tenants", "{\"name\": \"" + "t".repeat(500) + "\"}", 400, true));
        cases.add(new Case("tenant name with spaces", "POST", "/admin/v1/tenants", "{\"name\": \"a b\"}", 400, true));
        return cases;
    }

    private static Case post(String name, String path, String body, int expected) {
        return new Case(name, "POST", path, body, expected, false);
    }

    private static Case get(String name, String path, int expected) {
        return new Case(name, "GET", path, null, expected, false);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    record Case(String name, String method, String path, String body, int expected, boolean admin, String... headers) {
    }
}
