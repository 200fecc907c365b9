package io.quanta.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * A deprecated product's page in a real browser: a badge and a banner naming the sunset and a link
 * to the successor; a retired one's page says it is retired and links the successor. Needs Debian's
 * {@code chromium} and {@code chromium-driver}, as {@link WebUiTest} does.
 */
class LifecycleUiTest {
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId PLAYS_V2 = ProductId.of("podcasts", "play-events", 2);
  private static final Principal OWNER =
      new Principal("olga", Set.of("podcasts-team"), Set.of(), Map.of(), false);

  @TempDir static Path temp;
  private static Mesh mesh;
  private static ApiServer api;
  private static Browser browser;
  private static String base;
  private static String token;

  @BeforeAll
  static void deprecatedProductServedToABrowser() throws Exception {
    Optional<String> missing = Browser.unavailable();
    if (missing.isPresent()) {
      if ("required".equals(System.getProperty("quanta.ui.browser"))) {
        throw new IllegalStateException(missing.get());
      }
      Assumptions.abort("Browser tests skipped: " + missing.get());
    }
    Path source = Path.of(LifecycleUiTest.class.getResource("/lifecycle").toURI());
    Path specs = temp.resolve("specs");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = specs.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle()
        .deployFiles(
            List.of(specs.resolve("play-events.yaml"), specs.resolve("play-events-v2.yaml")));
    mesh.runs().runAll(List.of(PLAYS, PLAYS_V2), "test");
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(OWNER, "browser test", Optional.empty())
            .token();
    api = ApiServer.start(mesh, "127.0.0.1", 0);
    base = "http://127.0.0.1:" + api.port() + "/";
    browser = Browser.start(SCREENSHOTS);
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.close();
    }
    if (api != null) {
      api.close();
    }
    if (mesh != null) {
      mesh.close();
    }
  }

  @Test
  void aDeprecatedProductShowsABannerThenARetiredOneLinksItsSuccessor() {
    LocalDate sunset = LocalDate.now(ZoneOffset.UTC).plusDays(45);
    mesh.deprecations()
        .deprecate(
            PLAYS,
            OWNER,
            sunset.atStartOfDay(ZoneOffset.UTC).toInstant(),
            Optional.of(PLAYS_V2),
            Optional.of("played_on is added"));

    browser.open(base);
    browser.visible(By.id("token")).sendKeys(token, Keys.ENTER);
    browser.textIn(By.id("whoami"), "olga");
    browser.open(base + "#/products/podcasts/play-events/1");
    browser.textIn(By.cssSelector(".product-header .title-row"), "deprecated");
    browser.textIn(By.id("deprecation"), "Deprecated: sunset " + sunset);
    assertThat(browser.visible(By.id("deprecation")).getText())
        .contains("may be retired from " + sunset)
        .contains("Move to podcasts/play-events:2")
        .contains("Why: played_on is added")
        .contains("by olga");
    browser.screenshot("lifecycle-01-deprecated");

    browser.click(By.cssSelector("#deprecation a.successor"));
    browser.textIn(By.cssSelector(".product-header .version"), "v2.0.0");
    assertThat(browser.driver().findElements(By.id("deprecation"))).isEmpty();

    mesh.deprecations().retire(PLAYS, OWNER, true, Optional.of("moved to v2"));
    // A reload: the page keeps root documents it loaded for a few seconds.
    browser.open(base + "#/products/podcasts/play-events/1");
    browser.driver().navigate().refresh();
    browser.textIn(By.cssSelector(".notice"), "Retired");
    assertThat(browser.visible(By.cssSelector(".notice")).getText())
        .contains("podcasts/play-events:1 was retired on ")
        .contains("its successor is podcasts/play-events:2");
    browser.screenshot("lifecycle-02-retired");
    browser.click(By.cssSelector("a.successor"));
    browser.textIn(By.cssSelector(".product-header .version"), "v2.0.0");
    assertThat(browser.consoleErrors()).isEmpty();
  }
}
