package com.agentplatform.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless chromium driven through the system's chromedriver, both found on the PATH (Debian's {@code chromium} and
 * {@code chromium-driver} packages): WebDriver is given both, so it never looks for, or downloads, anything.
 */
final class Browser implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Why no browser can run here, or empty when one can. */
    static Optional<String> missing() {
        if (executable("chromedriver").isEmpty()) {
            return Optional.of("no chromedriver on the PATH (apt-get install chromium-driver)");
        }
        return browserBinary().isEmpty() ? Optional.of("no chromium on the PATH (apt-get install chromium)") : Optional.empty();
    }

    static Browser start() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("chromedriver").orElseThrow().toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(browserBinary().orElseThrow().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        return new Browser(new ChromeDriver(service, options));
    }

    void open(String url) {
        driver.get(url);
    }

    /** Signs in on the console of the gateway at {@code baseUrl} with a tenant's key (or the admin token). */
    void signIn(String baseUrl, String key) {
        open(baseUrl + "/console/");
        // A key of an earlier test may still be in this tab's session: sign out first, as a person would.
        script("sessionStorage.clear();");
        driver.navigate().refresh();
        WebElement field = element(By.name("key"));
        field.sendKeys(key);
        field.submit();
        await("signed in").atMost(PATIENCE).ignoreExceptions()
                .until(() -> !driver.findElements(By.cssSelector("#who a")).isEmpty());
    }

    /** The element, once the page shows it. */
    WebElement element(By by) {
        return await(by.toString()).atMost(PATIENCE).ignoreExceptions().until(() -> driver.findElement(by), e -> e.isDisplayed());
    }

    /** Opens a {@code <details>} by clicking its summary, again if the page re-rendered it meanwhile; returns it open. */
    WebElement openDetails(By details) {
        return await("open " + details).atMost(PATIENCE).ignoreExceptions().until(() -> {
            WebElement element = driver.findElement(details);
            if (element.getAttribute("open") == null) {
                element.findElement(By.tagName("summary")).click();
            }
            WebElement now = driver.findElement(details);
            now.getText(); // still attached
            return now;
        }, element -> element.getAttribute("open") != null);
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /**
     * One attribute of every element matching a CSS selector, read in the page in one go: a live page may replace its
     * elements between two WebDriver calls, so reading them one by one can meet an element that is gone.
     */
    @SuppressWarnings("unchecked")
    List<String> attributes(String cssSelector, String attribute) {
        return (List<String>) script("return Array.from(document.querySelectorAll(arguments[0]), e => e.getAttribute(arguments[1]));",
                cssSelector, attribute);
    }

    /** The text of the element (empty while the page shows none); read again if the page replaced it meanwhile. */
    String text(By by) {
        return await("the text of " + by).atMost(PATIENCE).ignoreExceptions().until(() -> {
            List<WebElement> found = driver.findElements(by);
            return found.isEmpty() ? "" : found.getFirst().getText();
        }, text -> true);
    }

    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    /** Saves what the browser shows as {@code <directory>/<name>.png}, when screenshots were asked for. */
    void screenshot(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<Path> browserBinary() {
        return Stream.of("chromium", "chromium-browser", "google-chrome").map(Browser::executable)
                .flatMap(Optional::stream).findFirst();
    }

    private static Optional<Path> executable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
    }
}
