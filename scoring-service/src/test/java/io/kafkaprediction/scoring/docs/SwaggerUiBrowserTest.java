package io.kafkaprediction.scoring.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaprediction.scoring.support.ServiceProperties;
import io.kafkaprediction.scoring.support.ServiceTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * {@code /docs} in a real browser: Debian's chromium driven through its chromedriver (both paths
 * given, so Selenium Manager never downloads a browser or a driver). Lists every documented
 * operation and runs "Try it out" on {@code POST /predict} with the documented example.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwaggerUiBrowserTest extends ServiceTest {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeDriver browser;
    private OpenApiDocument document;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("scoring.model.path", ServiceProperties.demoModel("browser", 4).toString());
    }

    @BeforeAll
    void readDocument() {
        document = OpenApiDocument.parse(http.get(OpenApiDocument.PATH).body());
    }

    /** In the test, not in a @BeforeAll: Surefire reports a skipped test, but not a skipped class. */
    @BeforeEach
    void openBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String missing = "needs " + CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver";
        // CI installs both (.ci/run): there a missing browser is a failure, not a skip.
        assertThat(installed || !"true".equals(System.getenv("CI"))).as(missing).isTrue();
        Assumptions.assumeTrue(installed, missing);

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                        "--window-size=1280,1100", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void docsListsEveryOperationAndTriesPredictWithItsExample() throws IOException {
        browser.get(server.getURL() + "/docs");
        await().atMost(PAGE_TIMEOUT).until(() -> !browser.findElements(By.cssSelector(".opblock")).isEmpty());

        Set<String> listed = browser.findElements(By.cssSelector(".opblock-summary")).stream()
                .map(summary -> summary.findElement(By.cssSelector(".opblock-summary-method")).getText() + " "
                        + summary.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path"))
                .collect(Collectors.toSet());
        Set<String> documented = document.endpoints().stream().map(OpenApiDocument.Endpoint::label)
                .collect(Collectors.toSet());
        assertThat(listed).as("operations on the page").containsExactlyInAnyOrderElementsOf(documented);
        screenshot("docs.png");

        WebElement predict = operation("POST", "/predict");
        predict.findElement(By.cssSelector(".opblock-summary")).click();
        click(predict, ".try-out__btn");
        WebElement body = await().atMost(PAGE_TIMEOUT).until(
                () -> predict.findElements(By.cssSelector("textarea.body-param__text")), l -> !l.isEmpty()).get(0);
        // Swagger UI fills in the first example.
        OpenApiDocument.Endpoint endpoint = endpoint("POST", "/predict");
        String first = endpoint.operation().getRequestBody().getContent().get("application/json").getExamples()
                .keySet().iterator().next();
        JsonNode example = document.at(endpoint.pointer() + "/requestBody/content/application~1json/examples/"
                + first + "/value");
        assertThat(JSON.readTree(body.getAttribute("value"))).as("the body Swagger UI fills in").isEqualTo(example);

        click(predict, ".btn.execute");
        WebElement response = await().atMost(PAGE_TIMEOUT).until(
                () -> predict.findElements(By.cssSelector(".live-responses-table .response")), l -> !l.isEmpty()).get(0);
        assertThat(response.findElement(By.cssSelector(".response-col_status")).getText()).isEqualTo("200");
        JsonNode scored = JSON.readTree(response.findElement(By.cssSelector(".response-col_description pre")).getText());
        assertThat(scored.get("user_id").asText()).isEqualTo(example.get("user_id").asText());
        assertThat(scored.get("prediction_score").asDouble()).isCloseTo(0.5, within(0.5));
        assertThat(scored.get("model_version").asText()).isEqualTo(servedVersion());
        assertThat(scored.get("feature_source").asText()).isEqualTo("request");
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", response);
        screenshot("docs-predict-response.png");

        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
        assertThat(errors).as("errors in the browser console").isEmpty();
    }

    private WebElement operation(String method, String path) {
        return browser.findElements(By.cssSelector(".opblock")).stream()
                .filter(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText().equals(method)
                        && path.equals(block.findElement(By.cssSelector(".opblock-summary-path")).getAttribute("data-path")))
                .findFirst().orElseThrow(() -> new AssertionError(method + " " + path + " is not on the page"));
    }

    private OpenApiDocument.Endpoint endpoint(String method, String path) {
        return document.endpoints().stream().filter(e -> e.label().equals(method + " " + path)).findFirst().orElseThrow();
    }

    private void click(WebElement scope, String css) {
        WebElement button = await().atMost(PAGE_TIMEOUT).until(() -> scope.findElements(By.cssSelector(css)),
                l -> !l.isEmpty()).get(0);
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", button);
        button.click();
    }

    private String servedVersion() throws IOException {
        return JSON.readTree(http.get("/v2/models/model").body()).get("versions").get(0).asText();
    }

    /** Into the build folder ({@code target/} unless -Dscoring.build.dir says otherwise), every run. */
    private void screenshot(String name) throws IOException {
        try {
            Path testClasses = Path.of(SwaggerUiBrowserTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path file = testClasses.resolveSibling("docs-screenshots").resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
