package com.agentplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;

/**
 * Takes the screenshots of the README's console section (docs/console/): a tenant with some history, and each page of
 * the console. Runs only when asked: {@code -Dconsole.screenshots=../docs/console} (the folder to write to).
 */
@Timeout(300)
@EnabledIfSystemProperty(named = "console.screenshots", matches = ".+")
class ConsoleScreenshotsTest {

    private final ApiClient api = Platform.get().api;

    @Test
    void everyPageOfTheConsole() {
        Assumptions.assumeTrue(Browser.missing().isEmpty(), () -> Browser.missing().orElse(""));
        Path to = Path.of(System.getProperty("console.screenshots"));
        Tenants.Created tenant = Tenants.create();
        String key = tenant.key();
        api.call("POST", "/v1/agents", key, """
                {"name": "math", "description": "Exact arithmetic", "instructions": "Be exact.", "tools": ["calculator"], "max_steps": 10}""");
        api.call("POST", "/v1/agents", key, """
                {"name": "payments", "tools": ["calculator", "current_time"], "require_approval": ["calculator"]}""");
        api.call("POST", "/v1/tools", key, """
                {"name": "weather", "description": "Weather by city", "kind": "http", "config": {"url": "https://weather.example.com/{city}",
                 "method": "GET", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}""");
        // Nothing listens there: its deliveries show failing attempts (local mode lets webhooks reach loopback).
        api.call("POST", "/v1/webhooks", key, """
                {"url": "http://127.0.0.1:9/hooks/agents", "events": ["execution.succeeded", "execution.failed"], "description": "billing"}""");
        String done = api.call("POST", "/v1/executions?wait=10", key, """
                {"agent": {"tools": ["calculator"]}, "input": "What is 17 * 23 + 4?"}""").id();
        for (String input : new String[] {"What time is it?", "Summarise the quarter", "What is 6 * 7?"}) {
            api.call("POST", "/v1/executions", key, "{\"agent\": {\"tools\": [\"calculator\", \"current_time\"]}, \"input\": \"" + input + "\"}");
        }
        String waiting = api.call("POST", "/v1/executions", key, """
                {"agent": {"tools": ["calculator"], "require_approval": ["calculator"]}, "input": "What is 1200 * 3?"}""").id();
        String thread = Threads.create(key);
        Threads.run(key, thread, "?wait=10", "{\"agent\": {}, \"input\": \"My name is Ada.\"}");
        Threads.run(key, thread, "?wait=10", "{\"agent\": {}, \"input\": \"What did I say first?\"}");
        api.call("POST", "/v1/schedules", key, """
                {"cron": "0 9 * * 1-5", "timezone": "Europe/Berlin", "agent": {"tools": ["calculator"]}, "input": "Daily report"}""");
        String workflow = Workflows.create(api, key, """
                [{"id": "research", "type": "parallel", "join": "all", "branches": [
                   [{"id": "market", "type": "agent", "agent": {}, "input": "Market view of {{input}}"}],
                   [{"id": "risks", "type": "agent", "agent": {}, "input": "Risks of {{input}}"}]]},
                 {"id": "synthesis", "type": "agent", "agent": {},
                  "input": "Synthesize {{steps.market.result}} and {{steps.risks.result}}"}]""");
        String run = Workflows.run(api, key, workflow, "electric ferries");
        Workflows.awaitEnd(api, key, run, Duration.ofSeconds(30));
        await("the approval run waits").atMost(Duration.ofSeconds(30))
                .until(() -> "waiting".equals(api.get(key, "/v1/executions/" + waiting).text("status")));

        try (Browser browser = Browser.start()) {
            browser.open(api.baseUrl() + "/console/");
            browser.element(By.name("key"));
            browser.screenshot(to, "sign-in");
            browser.signIn(api.baseUrl(), key);
            shoot(browser, to, "executions", "#/executions", By.cssSelector("table[aria-label=Executions] tbody tr"));
            shoot(browser, to, "execution", "#/executions/" + done, By.cssSelector("#timeline li[data-type=succeeded]"));
            browser.openDetails(By.cssSelector("details.step[data-seq='1']"));
            browser.screenshot(to, "execution");
            shoot(browser, to, "approval", "#/executions/" + waiting, By.id("approve"));
            shoot(browser, to, "thread", "#/threads/" + thread, By.cssSelector("#chat .msg-assistant"));
            shoot(browser, to, "agents", "#/agents", By.cssSelector("table[aria-label=Agents] tbody tr"));
            shoot(browser, to, "tools", "#/tools", By.cssSelector("table[aria-label=Tools] tbody tr"));
            shoot(browser, to, "workflows", "#/workflows", By.cssSelector("table[aria-label=Workflows] tbody tr"));
            shoot(browser, to, "workflow-run", "#/workflow-runs/" + run, By.cssSelector("#graph .node.status-succeeded"));
            shoot(browser, to, "schedules", "#/schedules", By.cssSelector("table[aria-label=Schedules] tbody tr"));
            shoot(browser, to, "webhooks", "#/webhooks", By.cssSelector("table[aria-label=Webhooks] tbody tr"));
            browser.element(By.xpath("//button[text()='Deliveries']")).click();
            browser.element(By.cssSelector("section[aria-label=Deliveries] tbody tr"));
            browser.screenshot(to, "webhooks");
            shoot(browser, to, "tenant", "#/tenant", By.tagName("dl"));
            browser.script("sessionStorage.clear();");
            browser.signIn(api.baseUrl(), Platform.ADMIN_TOKEN);
            shoot(browser, to, "admin", "#/admin", By.cssSelector("table[aria-label=Tenants] tbody tr"));
        }
        assertThat(to.resolve("admin.png")).exists();
    }

    private void shoot(Browser browser, Path to, String name, String fragment, By ready) {
        browser.open(api.baseUrl() + "/console/" + fragment);
        browser.element(ready);
        browser.screenshot(to, name);
    }
}
