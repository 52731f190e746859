package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.agentplatform.e2e.ApiClient.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console in a real browser (headless chromium) against the real platform: a person signs in, submits and watches
 * a run live, approves a waiting one, keeps watching across a gateway restart, cannot see another tenant's run, and
 * pages through a long list.
 */
@Timeout(180)
class ConsoleBrowserTest {

    private static final String APPROVAL_RUN = """
            {"agent": {"tools": ["calculator"], "require_approval": ["calculator"]}, "input": "What is 6 * 7?"}""";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static Browser browser;

    private final ApiClient api = Platform.get().api;

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(Browser.missing().isEmpty(), () -> "browser tests skipped: " + Browser.missing().orElse(""));
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSubmittedRunIsWatchedLiveFromQueuedToSucceededAndItsStepsOpen() {
        Tenants.Created tenant = Tenants.create();
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/executions");
        browser.element(By.cssSelector("details.panel > summary")).click();
        browser.element(By.name("model")).sendKeys("simulated:default"); // 300 ms a model call: time to see it run
        browser.element(By.name("input")).sendKeys("What is 17 * 23 + 4?");
        List<String> statusesSeen = new ArrayList<>();
        String id;
        // No worker takes it until the page shows it queued, however slow the machine: the change is then seen live.
        Platform.pauseInProcessWorker();
        try {
            browser.element(By.cssSelector("details.panel form button[type=submit]")).click();
            id = await("the execution's page").atMost(PATIENCE).until(this::executionOnPage, shown -> shown != null);
            await("queued on the page").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> "queued".equals(browser.driver.findElement(By.id("facts")).getAttribute("data-status")));
            browser.script("window.consoleMarker = 'no reload';");
            statusesSeen.add("queued");
        } finally {
            Platform.resumeInProcessWorker();
        }
        await("succeeded on the page").atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(() -> {
            String status = browser.driver.findElement(By.id("facts")).getAttribute("data-status");
            if (!statusesSeen.getLast().equals(status)) {
                statusesSeen.add(status);
            }
            return status.equals("succeeded");
        });

        assertThat(statusesSeen).as("statuses the page showed, in order").containsExactly("queued", "running", "succeeded");
        assertThat(timelineTypes()).containsExactly("queued", "running", "step", "step", "step", "succeeded");
        assertThat(browser.script("return window.consoleMarker")).as("the page never reloaded").isEqualTo("no reload");
        assertThat(browser.text(By.id("result"))).isEqualTo("The answer is 395.");

        WebElement toolStep = browser.openDetails(By.cssSelector("details.step[data-seq='2']"));
        assertThat(toolStep.getText()).contains("tool calculator", "Input", "Output", "395");
        assertThat(browser.text(By.cssSelector("details.step[data-seq='1'] summary"))).matches(".*llm simulated:default — \\d+ ms, [1-9]\\d* tokens in, [1-9]\\d* out");
        assertThat(api.get(tenant.key(), "/v1/executions/" + id).text("status")).isEqualTo("succeeded");
    }

    @Test
    void aWaitingRunIsApprovedWithEditedArgumentsFromThePageAndFinishes() {
        Tenants.Created tenant = Tenants.create();
        String id = api.call("POST", "/v1/executions", tenant.key(), APPROVAL_RUN).id();
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/executions/" + id);
        await("the waiting event on the page").atMost(PATIENCE).ignoreExceptions().until(() -> timelineTypes().contains("waiting"));

        WebElement arguments = browser.element(By.id("approval-arguments"));
        String asked = arguments.getAttribute("value");
        assertThat(asked).contains("6 * 7");
        arguments.clear();
        arguments.sendKeys(asked.replace("6 * 7", "6 * 8"));
        browser.element(By.id("approve")).click();

        await("succeeded on the page").atMost(PATIENCE).ignoreExceptions()
                .until(() -> "succeeded".equals(browser.driver.findElement(By.id("facts")).getAttribute("data-status")));
        assertThat(browser.text(By.id("result"))).isEqualTo("The answer is 48.");
        assertThat(timelineTypes()).containsSubsequence("waiting", "approval", "running", "succeeded");
        assertThat(browser.all(By.id("approve"))).as("nothing left to approve").isEmpty();
    }

    @Test
    void thePageResumesAcrossAGatewayRestartWithNoEventMissingOrTwice() {
        int port = freePort();
        Map<String, String> fixedPort = Map.of("server.port", Integer.toString(port));
        ConfigurableApplicationContext gateway = Platform.extraGateway(fixedPort);
        String consoleUrl = "http://localhost:" + port;
        try {
            Tenants.Created tenant = Tenants.create();
            String id = api.call("POST", "/v1/executions", tenant.key(), APPROVAL_RUN).id();
            browser.signIn(consoleUrl, tenant.key());
            browser.open(consoleUrl + "/console/#/executions/" + id);
            browser.element(By.id("approve"));
            browser.script("window.consoleMarker = 'no reload';");
            assertThat(timelineTypes()).endsWith("waiting");

            gateway.close();
            await("the page notices").atMost(PATIENCE).until(() -> !browser.text(By.id("connection")).contains("live"));
            String callId = api.get(tenant.key(), "/v1/executions/" + id).body().get("pending_approval").get("call_id").asString();
            Response approved = api.call("POST", "/v1/executions/" + id + "/approval", tenant.key(),
                    "{\"call_id\": \"%s\", \"decision\": \"approve\"}".formatted(callId));
            assertThat(approved.status()).as(approved.raw()).isEqualTo(202);
            await("finished while the console's gateway is down").atMost(PATIENCE)
                    .until(() -> "succeeded".equals(api.get(tenant.key(), "/v1/executions/" + id).text("status")));

            gateway = Platform.extraGateway(fixedPort);
            await("the page caught up").atMost(PATIENCE).ignoreExceptions().until(() -> timelineTypes().contains("succeeded"));

            List<Long> onThePage = browser.attributes("#timeline li", "data-seq").stream().map(Long::parseLong).toList();
            assertThat(onThePage).as("every event once, in order").isEqualTo(api.events(tenant.key(), id, null).ids());
            assertThat(timelineTypes()).containsSubsequence("waiting", "approval", "running", "step", "succeeded");
            assertThat(browser.script("return window.consoleMarker")).as("resumed in the page, not reloaded").isEqualTo("no reload");
        } finally {
            gateway.close();
        }
    }

    @Test
    void anotherTenantsExecutionIdInTheUrlIsNotFound() {
        Tenants.Created mine = Tenants.create();
        Tenants.Created theirs = Tenants.create();
        String theirRun = api.submit(theirs.key(), "{\"agent\": {}, \"input\": \"private\"}").id();
        browser.signIn(api.baseUrl(), mine.key());
        browser.open(api.baseUrl() + "/console/#/executions/" + theirRun);

        await("the answer").atMost(PATIENCE).until(() -> browser.text(By.tagName("h1")).equals("Not found"));
        assertThat(browser.text(By.tagName("main"))).contains("NOT_FOUND").doesNotContain("private");
    }

    @Test
    void aHundredExecutionsPageCorrectlyNewestFirst() {
        Tenants.Created tenant = Tenants.create();
        Set<String> submitted = new LinkedHashSet<>();
        for (int i = 0; i < 100; i++) {
            submitted.add(api.submit(tenant.key(), "{\"agent\": {}, \"input\": \"run " + i + "\"}").id());
        }
        await("all finished").atMost(Duration.ofSeconds(60)).until(() -> {
            var usage = api.get(tenant.key(), "/v1/tenant").body().get("usage");
            return usage.get("queued_executions").asLong() + usage.get("running_executions").asLong() == 0;
        });
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/executions");

        List<String> seen = new ArrayList<>();
        List<String> firstPage = rowsOfPage(1);
        seen.addAll(firstPage);
        for (int page = 2; page <= 4; page++) {
            browser.element(By.cssSelector("[data-test=next]")).click();
            seen.addAll(rowsOfPage(page));
        }
        assertThat(browser.element(By.cssSelector("[data-test=next]")).isEnabled()).as("no fifth page").isFalse();
        assertThat(seen).hasSize(100).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(submitted);
        assertThat(seen).as("newest first").isSortedAccordingTo(Comparator.reverseOrder());

        browser.element(By.cssSelector("[data-test=previous]")).click();
        assertThat(rowsOfPage(3)).isEqualTo(seen.subList(50, 75));
    }

    @Test
    void aRunSubmittedElsewhereAppearsInTheListAndFinishesThereLive() {
        Tenants.Created tenant = Tenants.create();
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/executions");
        browser.element(By.cssSelector("table[aria-label=Executions]"));
        browser.script("window.consoleMarker = 'no reload';");

        String id = api.submit(tenant.key(), "{\"agent\": {\"model\": \"simulated:default\", \"tools\": [\"calculator\"]}, \"input\": \"What is 6 * 7?\"}").id();

        By itsStatus = By.cssSelector("tr[data-id='" + id + "'] [data-status]");
        await("listed").atMost(PATIENCE).ignoreExceptions().until(() -> browser.driver.findElement(itsStatus).isDisplayed());
        await("succeeded in the list").atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.text(itsStatus).equals("succeeded"));
        assertThat(browser.text(By.cssSelector("tr[data-id='" + id + "'] td:last-child"))).matches("\\d+(\\.\\d)? m?s");
        assertThat(browser.script("return window.consoleMarker")).isEqualTo("no reload");
    }

    @Test
    void aWorkflowRunStartedFromItsPageShowsItsStepsGoingToSucceededLive() {
        Tenants.Created tenant = Tenants.create();
        String slow = "{\"model\": \"simulated:default\"}"; // 300 ms a model call: the page sees the steps run
        Workflows.create(api, tenant.key(), """
                [{"id": "research", "type": "parallel", "join": "all", "branches": [
                   [{"id": "facts", "type": "agent", "agent": %1$s, "input": "Facts on {{input}}"}],
                   [{"id": "risks", "type": "agent", "agent": %1$s, "input": "Risks of {{input}}"}]]},
                 {"id": "summary", "type": "agent", "agent": %1$s,
                  "input": "Summarise {{steps.facts.result}} and {{steps.risks.result}}"}]""".formatted(slow));
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/workflows");
        assertThat(browser.text(By.cssSelector("table[aria-label=Workflows] tbody")))
                .contains("research (parallel) → summary (agent)");
        browser.element(By.xpath("//table[@aria-label='Workflows']//button[text()='Runs']")).click();
        browser.element(By.cssSelector("section[aria-label=Runs] textarea[name=input]")).sendKeys("tidal power");
        browser.element(By.cssSelector("section[aria-label=Runs] button[type=submit]")).click();

        await("the run's page with its first steps").atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.all(By.cssSelector("#graph .node")).size() >= 2);
        browser.script("window.consoleMarker = 'no reload';");
        await("every step succeeded, live").atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.all(By.cssSelector("#graph .node.status-succeeded")).size() == 4);
        assertThat(browser.attributes("#graph .node", "data-step")).containsExactlyInAnyOrder("research", "facts", "risks", "summary");
        assertThat(browser.script("return window.consoleMarker")).isEqualTo("no reload");
    }

    @Test
    void anAgentFormShowsTheApisValidationErrorsAtTheirFields() {
        Tenants.Created tenant = Tenants.create();
        browser.signIn(api.baseUrl(), tenant.key());
        browser.open(api.baseUrl() + "/console/#/agents");
        browser.element(By.name("name")).sendKeys("planner");
        browser.element(By.name("max_steps")).sendKeys("500");
        browser.element(By.name("tools")).sendKeys("no_such_tool");
        browser.element(By.cssSelector("section[aria-label='Agent form'] button[type=submit]")).click();

        WebElement maxSteps = browser.element(By.xpath("//input[@name='max_steps']/following-sibling::span[@class='field-error']"));
        assertThat(maxSteps.getText()).startsWith("max_steps must be between 1 and");
        assertThat(browser.element(By.name("max_steps")).getAttribute("aria-invalid")).isEqualTo("true");

        browser.element(By.name("max_steps")).clear();
        browser.element(By.cssSelector("section[aria-label='Agent form'] button[type=submit]")).click();
        WebElement tools = browser.element(By.xpath("//input[@name='tools']/following-sibling::span[@class='field-error']"));
        assertThat(tools.getText()).contains("unknown tools [no_such_tool]");
        assertThat(browser.all(By.xpath("//input[@name='max_steps']/following-sibling::span"))).as("fixed: its error gone").isEmpty();

        browser.element(By.name("tools")).clear();
        browser.element(By.name("tools")).sendKeys("calculator");
        browser.element(By.cssSelector("section[aria-label='Agent form'] button[type=submit]")).click();
        await("created and listed").atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.text(By.cssSelector("table[aria-label=Agents] tbody")).contains("planner"));
        assertThat(api.get(tenant.key(), "/v1/agents").body().get("data")).hasSize(1);
    }

    private List<String> rowsOfPage(int page) {
        await("page " + page).atMost(PATIENCE).ignoreExceptions()
                .until(() -> browser.text(By.cssSelector("[data-test=next] + span, [data-test=previous] + span")).equals("page " + page));
        List<String> ids = browser.attributes("table[aria-label=Executions] tbody tr", "data-id");
        assertThat(ids).as("page %d", page).hasSize(25);
        return ids;
    }

    private String executionOnPage() {
        String url = browser.driver.getCurrentUrl();
        int at = url.indexOf("#/executions/");
        return at < 0 ? null : url.substring(at + "#/executions/".length());
    }

    private List<String> timelineTypes() {
        return browser.attributes("#timeline li", "data-type");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
