package org.releasegovernance.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A person at the console: Debian's headless Chromium driven through Selenium, with axe-core (from npm) run in the
 * same page to check accessibility, and full-page screenshots. Without Chromium the calling test is skipped, unless
 * {@code -Dconsole.browser=required} (set by CI) turns the absence into a failure.
 */
public final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    private static final Path MODULE = Path.of(System.getProperty("console.module-dir", ".")).toAbsolutePath();
    private static final Path TOOLS_SOURCE = MODULE.resolve("src/test/browser-tools");
    private static final Path TOOLS = MODULE.resolve("target/browser-tools");
    private static final Path AXE = TOOLS.resolve("node_modules/axe-core/axe.min.js");
    /** Screenshots land here; with {@code -Dconsole.screenshots=docs} also in the repository's docs/console. */
    static final Path OUTPUT = MODULE.resolve("target/console");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final WebDriver driver;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<String>> accessibility = new LinkedHashMap<>();
    private final String axeSource;

    private ConsoleBrowser(String baseUrl, WebDriver driver, String axeSource) {
        this.baseUrl = baseUrl;
        this.driver = driver;
        this.axeSource = axeSource;
    }

    /** Opens a headless browser on the console at {@code baseUrl}; skips the test if there is no Chromium. */
    public static ConsoleBrowser open(String baseUrl) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getProperty("console.browser"))) {
            throw new IllegalStateException("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(present, "no Chromium here (apt-get install chromium chromium-driver); "
                + "the console's browser test is skipped");
        String axe = axeSource();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-GB", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + createDirectories(OUTPUT.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(OUTPUT.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return new ConsoleBrowser(baseUrl.replaceAll("/$", ""), driver, axe);
    }

    public WebDriver driver() {
        return driver;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Goes to a console path such as {@code /releases}. */
    public void go(String path) {
        driver.get(baseUrl + path);
    }

    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
    }

    /** Signs in with a token on the sign-in page, as a person would, and waits for the page that follows. */
    public void signIn(String token) {
        go("/sign-in");
        WebElement field = driver.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        submit(field);
    }

    /** Signs out through the header's button. */
    public void signOut() {
        click(By.xpath("//form[contains(@action,'/sign-out')]//button"));
    }

    public WebElement find(By by) {
        return wait(WAIT).until(d -> d.findElement(by));
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The field whose label reads {@code label}, within {@code scope} (e.g. a form). */
    public WebElement field(WebElement scope, String label) {
        WebElement labelElement = scope.findElement(By.xpath(".//label[normalize-space(.)=" + xpathLiteral(label) + "]"));
        String id = labelElement.getAttribute("for");
        return id == null || id.isBlank() ? labelElement.findElement(By.xpath(".//input|.//select|.//textarea"))
                : scope.findElement(By.id(id));
    }

    /** Types into a field (clearing it first), or picks an option of a select by its visible text. */
    public void fill(WebElement field, String value) {
        if (field.getTagName().equals("select")) {
            new org.openqa.selenium.support.ui.Select(field).selectByVisibleText(value);
        } else {
            field.clear();
            field.sendKeys(value);
        }
    }

    /** Clicks something that goes to another page (a form's button, a link) and waits for that page. */
    public void click(By by) {
        navigate(find(by));
    }

    /** Submits the form that holds {@code element} and waits for the answer page. */
    public void submit(WebElement element) {
        WebElement form = element.getTagName().equals("form") ? element
                : element.findElement(By.xpath("./ancestor-or-self::form"));
        navigate(form.findElement(By.xpath(".//button[@type='submit' or not(@type)]")));
    }

    /**
     * Clicks and waits until the page it was on is gone and the next one has loaded: the old page still says
     * "complete" for a moment after the click, and an element read from it then goes stale under the reader. (While
     * the browser switches pages, a script may fail; the wait asks again.)
     */
    private void navigate(WebElement target) {
        script("window.rgLeftBehind = true"); // a new page has a new window global, without this mark
        target.click();
        wait(WAIT).ignoring(WebDriverException.class).until(d -> "complete".equals(((JavascriptExecutor) d)
                .executeScript("return window.rgLeftBehind ? 'old page' : document.readyState")));
    }

    /** Waits until the page has loaded (after a navigation). */
    public void awaitReady() {
        wait(WAIT).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    public WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Runs axe-core on the page as it is and records its violations; a serious or critical one fails the test.
     * Returns every violation (any impact) as {@code impact id: help (n nodes)}.
     */
    public List<String> checkAccessibility(String page) {
        script(axeSource);
        Object raw = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "axe.run(document, {resultTypes: ['violations']})"
                        + ".then(r => done(JSON.stringify(r.violations)))"
                        + ".catch(e => done(JSON.stringify({error: String(e)})));");
        List<String> violations = new ArrayList<>();
        List<String> blocking = new ArrayList<>();
        try {
            JsonNode result = json.readTree(String.valueOf(raw));
            assertThat(result.has("error")).as("axe-core failed on %s: %s", page, result).isFalse();
            for (JsonNode violation : result) {
                String line = "%s %s: %s (%d nodes: %s)".formatted(violation.path("impact").asText(),
                        violation.path("id").asText(), violation.path("help").asText(),
                        violation.path("nodes").size(), violation.path("nodes").path(0).path("target"));
                violations.add(line);
                String impact = violation.path("impact").asText();
                if (impact.equals("serious") || impact.equals("critical")) {
                    blocking.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        accessibility.put(page, violations);
        writeAccessibilityReport();
        assertThat(blocking).as("serious or critical accessibility violations on %s", page).isEmpty();
        return violations;
    }

    /** Every page checked so far, with its violations (empty: none). */
    public Map<String, List<String>> accessibilityResults() {
        return Map.copyOf(accessibility);
    }

    /** A screenshot of the whole page as {@code <name>.png}. */
    public Path screenshot(String name) {
        Dimension viewport = driver.manage().window().getSize();
        try {
            Number height = (Number) script("return Math.max(document.body.scrollHeight, "
                    + "document.documentElement.scrollHeight);");
            driver.manage().window().setSize(new Dimension(1280, Math.min(Math.max(height.intValue() + 120, 600),
                    6000)));
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Path file = createDirectories(OUTPUT.resolve("screenshots")).resolve(name + ".png");
            Files.write(file, png);
            if ("docs".equals(System.getProperty("console.screenshots"))) {
                Path docs = createDirectories(MODULE.resolveSibling("docs").resolve("console"));
                Files.copy(file, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(viewport);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }

    private void writeAccessibilityReport() {
        StringBuilder report = new StringBuilder("# axe-core results per console page\n\n"
                + "| page | violations (any impact) |\n|---|---|\n");
        accessibility.forEach((page, violations) -> report.append("| ").append(page).append(" | ")
                .append(violations.isEmpty() ? "none" : String.join("<br>", violations).replace("|", "\\|"))
                .append(" |\n"));
        try {
            Files.writeString(createDirectories(OUTPUT).resolve("axe-report.md"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** axe-core's browser bundle, installed from npm (package.json and lock in src/test/browser-tools) once. */
    private static synchronized String axeSource() {
        try {
            if (!Files.isRegularFile(AXE)) {
                createDirectories(TOOLS);
                for (String file : List.of("package.json", "package-lock.json")) {
                    Files.copy(TOOLS_SOURCE.resolve(file), TOOLS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                        .directory(TOOLS.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(TOOLS.resolve("npm.log").toFile())
                        .start();
                if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci of axe-core failed; see " + TOOLS.resolve("npm.log"));
                }
            }
            return Files.readString(AXE, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install axe-core with npm (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xpathLiteral(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "',\"'\",'") + "')";
    }
}
