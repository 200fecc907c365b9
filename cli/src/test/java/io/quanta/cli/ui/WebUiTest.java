package io.quanta.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.examples.PodcastMesh;
import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.platform.run.RunService;
import io.quanta.spec.ProductId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web UI that {@code quanta up} serves at {@code /}, in a real browser: the podcast mesh
 * deployed and run, the API on a free port, a user with a token. A user signs in, searches, opens a
 * product, sees its lineage drawn, runs a query, follows links to other products; the other pages
 * render what the API says. Screenshots of every step go to {@code target/screenshots/}, and of the
 * page a test failed on, with its HTML and console.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them);
 * without them the tests are skipped, unless {@code -Dquanta.ui.browser=required} (as in CI).
 */
class WebUiTest {
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("basedir", ".")).resolve("target").resolve("screenshots");

  @TempDir static Path temp;
  private static Mesh mesh;
  private static ApiServer api;
  private static Browser browser;
  private static String token;
  private static String base;

  /** On failure: the page as it was, its HTML and its console. */
  @RegisterExtension
  final TestWatcher failures =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser != null) {
            String name = "FAILED-" + context.getRequiredTestMethod().getName();
            browser.screenshot(name);
            browser.savePage(name);
          }
        }
      };

  @BeforeAll
  static void podcastMeshServedToABrowser() throws Exception {
    Optional<String> missing = Browser.unavailable();
    if (missing.isPresent()) {
      if ("required".equals(System.getProperty("quanta.ui.browser"))) {
        throw new IllegalStateException(missing.get());
      }
      Assumptions.abort("Browser tests skipped: " + missing.get());
    }
    Path folder = temp.resolve("podcasts");
    List<Path> specs = PodcastMesh.copySpecs(folder);
    PodcastMesh.generate(folder, 1_000);
    mesh = Mesh.open(temp.resolve("quanta"));
    List<Path> deployed = new ArrayList<>(specs);
    deployed.add(Path.of(WebUiTest.class.getResource("/ui/hostile-notes.yaml").toURI()));
    mesh.lifecycle().deployFiles(deployed);
    List<ProductId> products = new ArrayList<>();
    mesh.registry().products().list().forEach(version -> products.add(version.id()));
    for (RunService.Outcome outcome : mesh.runs().runAll(products, "test")) {
      assertThat(outcome.succeeded()).as(outcome.product() + ": " + outcome.message()).isTrue();
    }
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(
                new Principal("ui-analyst", Set.of("analysts"), Set.of(), Map.of(), false),
                "browser test",
                Optional.empty())
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

  @AfterEach
  void noScriptErrors(TestInfo test) {
    assertThat(browser.consoleErrors())
        .as("errors the pages logged in " + test.getDisplayName())
        .isEmpty();
  }

  @Test
  void searchOpenSeeLineageRunAQueryAndFollowLinks() {
    browser.open(base);
    browser.script("sessionStorage.clear()");
    browser.open(base);

    // Sign in: a wrong token is refused in words, the right one shows who the user is.
    WebElement tokenBox = browser.visible(By.id("token"));
    browser.screenshot("01-sign-in");
    tokenBox.sendKeys("qnt_not-a-token", Keys.ENTER);
    browser.textIn(By.cssSelector("#sign-in .form-error"), "not valid");
    tokenBox.clear();
    tokenBox.sendKeys(token, Keys.ENTER);
    browser.textIn(By.id("whoami"), "ui-analyst");
    browser.visible(By.cssSelector(".product-card"));
    browser.screenshot("02-home");

    // Search from the header, open the hit.
    WebElement search = browser.visible(By.id("search"));
    search.sendKeys("demographics", Keys.ENTER);
    By hit = By.cssSelector(".product-card[data-product='podcasts/listeners-demographics']");
    browser.visible(hit);
    browser.screenshot("03-search");
    browser.click(
        By.cssSelector(
            ".product-card[data-product='podcasts/listeners-demographics'] a.product-link"));
    browser.textIn(By.id("product-title"), "listeners-demographics");

    // Its lineage is drawn: upstream products, the product, its consumer.
    WebElement graph = lineageDrawn();
    assertThat(Integer.parseInt(graph.getAttribute("data-nodes"))).isGreaterThanOrEqualTo(4);
    assertThat(graph.findElements(By.tagName("canvas"))).isNotEmpty();
    assertThat(nodeIds("lineage-graph"))
        .contains(
            "podcasts/listeners-demographics:1",
            "podcasts/play-events:1",
            "users/user-profiles:2",
            "podcasts/top-podcasts-daily:1");
    browser.screenshot("04-product");

    // A query through the SQL port, as the user: rows in a table.
    WebElement sql = browser.visible(By.id("query-sql"));
    sql.clear();
    sql.sendKeys(
        "SELECT podcast_id, sum(listens) AS listens FROM podcasts.listeners_demographics.demographics"
            + " GROUP BY podcast_id ORDER BY listens DESC, podcast_id LIMIT 5");
    browser.click(By.id("run-query"));
    browser.textIn(By.id("query-row-count"), "5 rows");
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#query-result tbody tr"));
    assertThat(rows).hasSize(5);
    assertThat(rows.get(0).getText()).startsWith("p0");
    browser.screenshot("05-query");

    // A refused query says why, where.
    sql.clear();
    sql.sendKeys("SELECT * FROM read_csv('/etc/passwd')");
    browser.click(By.id("run-query"));
    browser.textIn(By.cssSelector("#query-result .query-error"), "Query refused");
    browser.screenshot("06-query-refused");

    // A column's link opens the product it links to; back, then an upstream product.
    browser.click(By.cssSelector("tr[data-column='podcast_id'] a.schema-link"));
    browser.textIn(By.id("product-title"), "podcast-catalog");
    browser.driver().navigate().back();
    browser.textIn(By.id("product-title"), "listeners-demographics");
    browser.click(By.cssSelector("#upstream a[data-product='podcasts/play-events']"));
    browser.textIn(By.id("product-title"), "play-events");
    lineageDrawn();
    browser.screenshot("07-upstream-product");
    // Its trust: objectives, the latest run's checks and column profiles.
    browser.textIn(By.id("slo"), "freshness");
    browser.textIn(By.id("quality"), "duplicateValues(play_id)");
    browser.textIn(By.id("profiles"), "device");
    ((org.openqa.selenium.JavascriptExecutor) browser.driver())
        .executeScript("document.getElementById('quality').scrollIntoView()");
    browser.screenshot("08-quality-and-profiles");

    // Clicking a node of the graph opens that product.
    clickNode("lineage-graph", "podcasts/listeners-demographics:1");
    browser.textIn(By.id("product-title"), "listeners-demographics");
  }

  @Test
  void personalDataIsMaskedForTheAnalyst() {
    signIn();
    browser.open(base + "#/products/users/user-registrations");
    browser.textIn(By.id("product-title"), "user-registrations");
    browser.textIn(By.cssSelector(".product-header"), "3 masked for you");
    WebElement email = browser.visible(By.cssSelector("tr[data-column='email']"));
    assertThat(email.getText()).contains("pii", "masked: hash");
    assertThat(browser.visible(By.cssSelector("tr[data-column='user_id']")).getText())
        .contains("user-id", "clear");
    // The sample rows are as the analyst reads them: hashed e-mail addresses.
    List<WebElement> header = browser.driver().findElements(By.cssSelector(".sample thead th"));
    int emailColumn = header.stream().map(WebElement::getText).toList().indexOf("email ◐");
    assertThat(emailColumn).isNotNegative();
    String firstEmail =
        browser
            .driver()
            .findElements(By.cssSelector(".sample tbody tr:first-child td"))
            .get(emailColumn)
            .getText();
    assertThat(firstEmail).doesNotContain("@").matches("[0-9a-f]{8,}.*");
    lineageDrawn();
    browser.screenshot("10-masked-product");
  }

  @Test
  void lineageExplorerKnowledgeGraphDomainAndGovernance() {
    signIn();
    browser.open(base + "#/lineage/users/user-registrations/1?direction=downstream&depth=3");
    browser.visible(By.cssSelector("#explorer-graph[data-ready='true']"));
    assertThat(nodeIds("explorer-graph"))
        .contains(
            "users/user-registrations:1",
            "users/user-profiles:2",
            "podcasts/listeners-demographics:1",
            "podcasts/top-podcasts-daily:1");
    clickNode("explorer-graph", "users/user-profiles:2");
    browser.textIn(By.id("node-details"), "users/user-profiles");
    browser.screenshot("20-lineage-explorer");

    // Column by column: birth_date becomes an age band, then the demographics' age band.
    browser.click(By.id("lineage-columns"));
    browser.until(
        driver -> nodeIds("explorer-graph").contains("users/user-profiles:2/profiles.age_band"));
    browser.visible(By.cssSelector("#explorer-graph[data-ready='true']"));
    assertThat(nodeIds("explorer-graph"))
        .contains(
            "users/user-registrations:1/registrations.birth_date",
            "podcasts/listeners-demographics:1/demographics.age_band");
    browser.textIn(
        By.cssSelector(".flows"),
        "registrations.birth_date → user-profiles/profiles.age_band transformed");
    browser.screenshot("21-column-lineage");

    browser.open(base + "#/graph?identifier=user-id");
    browser.visible(By.cssSelector("#knowledge-graph[data-ready='true']"));
    assertThat(nodeIds("knowledge-graph"))
        .contains(
            "identifier:user-id",
            "identifier:podcast-id",
            "users/user-registrations:1",
            "podcasts/play-events:1");
    browser.textIn(By.id("identifier-user-id"), "users/user-registrations");
    browser.screenshot("22-knowledge-graph");

    browser.open(base + "#/domains/podcasts");
    browser.textIn(By.id("domain-title"), "podcasts");
    browser.visible(By.cssSelector("#domain-products .product-card"));
    assertThat(browser.driver().findElements(By.cssSelector("#domain-products .product-card")))
        .hasSize(4);
    browser.visible(By.cssSelector("#domain-graph[data-ready='true']"));
    assertThat(nodeIds("domain-graph"))
        .contains("podcasts/play-events:1", "users/user-profiles:2", "artists/emerging-artists:1");
    browser.screenshot("23-domain");

    browser.open(base + "#/governance");
    browser.textIn(By.id("global-policies"), "global:pii-hashed");
    browser.textIn(By.id("rules"), "identifiers-registered");
    By registrations = By.cssSelector("tr[data-port='users/user-registrations/registrations']");
    browser.textIn(registrations, "email");
    assertThat(browser.visible(registrations).getText()).contains("allowed", "hash");
    browser.screenshot("24-governance");
  }

  @Test
  void textAnOwnerWroteIsShownAsTextAndNeverRun() {
    signIn();
    browser.open(base + "#/products/playground/hostile-notes");
    browser.textIn(By.id("product-title"), "hostile-notes");
    browser.visible(By.cssSelector("#docs .markdown h1"));
    browser.visible(By.cssSelector(".sample tbody tr"));
    lineageDrawn();
    assertNothingRan();
    assertThat(browser.visible(By.cssSelector(".product-header .lead")).getText())
        .isEqualTo("Notes <img src=x onerror=\"window.pwned='description'\"> with <b>markup</b>.");
    assertThat(browser.visible(By.cssSelector(".sample tbody")).getText())
        .contains("<script>window.pwned='row script'</script>");
    assertThat(browser.visible(By.cssSelector("#docs .markdown")).getText())
        .contains("a harmless link", "click me");
    browser.screenshot("30-hostile-notes");

    browser.open(base + "#/?q=hostile");
    browser.visible(By.cssSelector(".product-card[data-product='playground/hostile-notes']"));
    assertNothingRan();
  }

  /**
   * No script an owner wrote ran, and none could have: the page has no element of theirs with an
   * event handler, no script but the UI's own, no javascript: link. (The content security policy
   * would block inline script too; this checks the escaping and sanitizing without it.)
   */
  private void assertNothingRan() {
    assertThat(browser.script("return window.pwned === undefined ? null : String(window.pwned)"))
        .isNull();
    @SuppressWarnings("unchecked")
    List<String> handlers =
        (List<String>)
            browser.script(
                "return [...document.querySelectorAll('*')].flatMap(element =>"
                    + " [...element.attributes].filter(attribute => attribute.name.startsWith('on'))"
                    + " .map(attribute => element.tagName + ' ' + attribute.name))");
    assertThat(handlers).isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("main script"))).isEmpty();
    assertThat(browser.driver().findElements(By.cssSelector("a[href^='javascript']"))).isEmpty();
  }

  /** Signs in through the sign-in box unless this tab already is. */
  private void signIn() {
    browser.open(base);
    browser.visible(By.cssSelector("#sign-in, #whoami"));
    if (!browser.driver().findElements(By.id("sign-in")).isEmpty()) {
      browser.visible(By.id("token")).sendKeys(token, Keys.ENTER);
      browser.textIn(By.id("whoami"), "ui-analyst");
    }
  }

  private WebElement lineageDrawn() {
    return browser.visible(By.cssSelector("#lineage-graph[data-ready='true']"));
  }

  /** The ids of the nodes a graph drew; none while it is being drawn. */
  @SuppressWarnings("unchecked")
  private List<String> nodeIds(String graph) {
    return (List<String>)
        browser.script(
            "const box = document.getElementById(arguments[0]);"
                + " return box && box.cy && box.dataset.ready === 'true'"
                + " ? box.cy.nodes().map(node => node.id()) : [];",
            graph);
  }

  /** Clicks a graph's node where Cytoscape drew it, as a user would. */
  private void clickNode(String graph, String node) {
    WebElement box = browser.visible(By.id(graph));
    @SuppressWarnings("unchecked")
    Map<String, Number> at =
        (Map<String, Number>)
            browser.script(
                "const box = document.getElementById(arguments[0]);"
                    + " const rect = box.getBoundingClientRect();"
                    + " const point = box.cy.getElementById(arguments[1]).renderedPosition();"
                    + " return {x: point.x + box.clientLeft - rect.width / 2,"
                    + " y: point.y + box.clientTop - rect.height / 2};",
                graph,
                node);
    new Actions(browser.driver())
        .moveToElement(box, at.get("x").intValue(), at.get("y").intValue())
        .click()
        .perform();
  }
}
