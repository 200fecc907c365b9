package io.quanta.cli.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by chromedriver, both the system's (Debian {@code chromium} and {@code
 * chromium-driver}): explicit paths, so Selenium Manager never runs and nothing is downloaded.
 * Every wait is explicit and generous (a loaded two-core machine); screenshots go to one folder.
 */
final class Browser implements AutoCloseable {
  /** How long a wait lasts before the test fails. */
  static final Duration WAIT = Duration.ofSeconds(45);

  static final Path CHROMIUM = Path.of(System.getProperty("quanta.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("quanta.chromedriver", "/usr/bin/chromedriver"));

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;
  private final Path screenshots;

  private Browser(
      ChromeDriverService service, ChromeDriver driver, Path profile, Path screenshots) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
    this.screenshots = screenshots;
  }

  /** Why the browser cannot run here, if it cannot: a missing binary. */
  static Optional<String> unavailable() {
    for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(binary)) {
        return Optional.of(
            binary
                + " is missing: install Debian's chromium and chromium-driver (.ci/run does), or"
                + " name them with -Dquanta.chromium= and -Dquanta.chromedriver=");
      }
    }
    return Optional.empty();
  }

  /** Starts the browser in a fresh profile; screenshots are written to the folder. */
  static Browser start(Path screenshots) throws IOException {
    clear(screenshots);
    Files.createDirectories(screenshots);
    Path profile = Files.createTempDirectory("quanta-chromium-");
    // The system property and the service's executable both name the driver: Selenium Manager,
    // which would download one, is skipped.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(screenshots.resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        // This machine's network refuses connections a browser makes in the background.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--lang=en-US",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    driver.manage().timeouts().scriptTimeout(WAIT);
    return new Browser(service, driver, profile, screenshots);
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /** Waits until the condition holds (is true or non-null) and returns its value. */
  <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).until(condition);
  }

  /** Waits for an element to be visible. */
  WebElement visible(By locator) {
    return until(ExpectedConditions.visibilityOfElementLocated(locator));
  }

  /**
   * Waits for an element to be visible and clickable, brings it to the middle of the window (clear
   * of the sticky header), then clicks it.
   */
  void click(By locator) {
    WebElement element = until(ExpectedConditions.elementToBeClickable(locator));
    script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element);
    until(ExpectedConditions.elementToBeClickable(element)).click();
  }

  /** Waits until the element's text contains the text. */
  void textIn(By locator, String text) {
    until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
  }

  Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * Saves the whole page as {@code <name>.png} in the screenshot folder: the window grows to the
   * page's height for the picture, then returns to its size.
   */
  Path screenshot(String name) {
    Path file = screenshots.resolve(name + ".png");
    Dimension size = driver.manage().window().getSize();
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    try {
      if (height > size.getHeight()) {
        driver
            .manage()
            .window()
            .setSize(new Dimension(size.getWidth(), (int) Math.min(height, 6000)));
      }
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(size);
    }
    return file;
  }

  /** Deletes the screenshots, pages and logs of earlier runs. */
  static void clear(Path screenshots) throws IOException {
    if (Files.isDirectory(screenshots)) {
      try (Stream<Path> files = Files.list(screenshots)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** Saves the page's HTML and console as {@code <name>.html} and {@code <name>.log}. */
  void savePage(String name) {
    try {
      Files.writeString(screenshots.resolve(name + ".html"), driver.getPageSource());
      StringBuilder log = new StringBuilder();
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        log.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
      }
      Files.writeString(screenshots.resolve(name + ".log"), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The errors the pages logged since the last call: script errors and refused loads (a content
   * security policy violation). Not the error answers the API gave (a refused token, a refused
   * query), which the pages show; nor the policy's reports of inline handlers in Markdown that
   * DOMPurify parses (into an inert document) to remove them.
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(message -> !message.contains("Failed to load resource: the server responded"))
        .filter(
            message ->
                !(message.contains("/webjars/dompurify/")
                    && message.contains("Executing inline event handler violates")))
        .toList();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      delete(profile);
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
