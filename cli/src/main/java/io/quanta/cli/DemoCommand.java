package io.quanta.cli;

import io.quanta.engine.ResultColumn;
import io.quanta.examples.PodcastMesh;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.TokenService;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.run.RunService;
import io.quanta.ports.sql.QueryResult;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description = {
      "The podcast mesh end to end, then serve the API.",
      "Generates data, deploys the example products, runs them, runs them again after a day of new data and a correction, shows queries (latest, as of the first run, history), then serves the API."
    })
final class DemoCommand extends MeshCommand implements Callable<Integer> {
  @Option(
      names = "--scale",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Play events to generate, 1000 to 10000000 (default: ${DEFAULT-VALUE}).")
  long scale;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port of the API (default: http.port of the mesh config, else 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description =
          "Address the API listens on (default: http.host of the mesh config, else 127.0.0.1).")
  String host;

  @Option(names = "--no-serve", description = "Stop after the queries instead of serving the API.")
  boolean noServe;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (scale < 1_000 || scale > 10_000_000) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--scale must be between 1000 and 10000000, got " + scale);
    }
    Console console = console();
    Mesh mesh = openMesh();
    try {
      Path folder = mesh.dataDir().resolve("demo").resolve("podcasts");
      console.println(
          "== 1. Generate "
              + String.format(Locale.ROOT, "%,d", scale)
              + " play events and their sources");
      List<Path> specs = PodcastMesh.copySpecs(folder);
      PodcastMesh.Summary data = PodcastMesh.generate(folder, scale);
      console.println(
          String.format(
              Locale.ROOT,
              "   %,d users, %,d podcasts, %,d plays, %,d artist payments in %s",
              data.users(),
              data.podcasts(),
              data.plays(),
              data.payments(),
              folder.resolve("data")));

      console.println("");
      console.println(
          "== 2. Deploy " + specs.size() + " data products (quanta deploy " + folder + "/*.yaml)");
      for (Deployment deployment : mesh.lifecycle().deployFiles(specs)) {
        console.println(
            "   "
                + deployment.change().name().toLowerCase(Locale.ROOT)
                + "  "
                + deployment.product()
                + "  "
                + deployment.version());
      }

      console.println("");
      console.println(
          "== 3. Create a token for an analyst (quanta token create --user demo-analyst"
              + " --group analysts)");
      TokenService.IssuedToken token =
          new TokenService(mesh.registry().tokens(), Clock.systemUTC())
              .create(
                  new Principal("demo-analyst", Set.of("analysts"), Set.of(), Map.of(), false),
                  "the demo's analyst",
                  Optional.empty());
      Reader reader = Reader.of(token.record().principal());
      console.println("   QUANTA_TOKEN=" + token.token());
      console.println(
          "   (send it as 'Authorization: Bearer <token>' to the API, token=<token> in JDBC URLs)");

      console.println("");
      console.println("== 4. Run every product, upstream first (quanta run --all)");
      Instant firstRound = runAll(console, mesh);

      console.println("");
      console.println(
          "== 5. A day later: new plays, a corrected podcast title, profile updates; run again");
      PodcastMesh.generateNextBatch(folder, scale);
      runAll(console, mesh);

      console.println("");
      console.println("== 6. Query the mesh as demo-analyst");
      show(
          console,
          mesh,
          reader,
          "Today's top podcasts",
          "SELECT * FROM podcasts.top_podcasts_daily.ranking ORDER BY day DESC, rank LIMIT 10",
          ReadOptions.LATEST,
          "");
      String listens =
          "SELECT sum(listens) AS listens FROM podcasts.listeners_demographics.demographics";
      show(console, mesh, reader, "Listens now", listens, ReadOptions.LATEST, "");
      show(
          console,
          mesh,
          reader,
          "Listens as the mesh knew them after the first run",
          listens,
          ReadOptions.LATEST.withAsOf(firstRound),
          "--as-of " + firstRound + " ");
      ReadOptions history =
          new ReadOptions(
              Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
      show(
          console,
          mesh,
          reader,
          "The corrected podcast, every version (history)",
          "SELECT podcast_id, title, _processed_at FROM podcasts.podcast_catalog.podcasts WHERE podcast_id IN"
              + " (SELECT podcast_id FROM podcasts.podcast_catalog.podcasts GROUP BY ALL HAVING count(*) > 1)"
              + " ORDER BY podcast_id, _processed_at",
          history,
          "--history ");
      show(
          console,
          mesh,
          reader,
          "Across domains: emerging artists this month",
          "SELECT month, artist_id, listeners, previous_listeners, paid FROM artists.emerging_artists.emerging ORDER BY month DESC, listeners DESC LIMIT 5",
          ReadOptions.LATEST,
          "");

      show(
          console,
          mesh,
          reader,
          "Personal data as demo-analyst sees it: pii columns hashed by the mesh's policy",
          "SELECT user_id, email, birth_date, country FROM users.user_registrations.registrations ORDER BY user_id LIMIT 3",
          ReadOptions.LATEST,
          "");

      console.println("");
      console.println("Try: export QUANTA_TOKEN=" + token.token());
      console.println(
          "     quanta --data-dir "
              + mesh.dataDir()
              + " policy explain users/user-registrations/registrations");
      console.println("     quanta --data-dir " + mesh.dataDir() + " products");
      console.println(
          "     quanta --data-dir " + mesh.dataDir() + " describe podcasts/listeners-demographics");
      if (noServe) {
        return 0;
      }
      console.println("");
      console.println("== 7. Serve the API");
      UpCommand.serve(
          console,
          mesh,
          host != null ? host : mesh.config().httpHost(),
          port != null ? port : mesh.config().httpPort());
      return 0;
    } finally {
      if (noServe) {
        mesh.close();
      }
    }
  }

  /** Runs every deployed product and returns the latest processing time committed. */
  private static Instant runAll(Console console, Mesh mesh) {
    List<ProductId> products = new ArrayList<>();
    mesh.registry().products().list().forEach(version -> products.add(version.id()));
    Instant latest = Instant.EPOCH;
    for (RunService.Outcome outcome : mesh.runs().runAll(products, "demo")) {
      if (!outcome.succeeded()) {
        throw new io.quanta.error.QuantaException(
            io.quanta.error.ErrorCode.RUN_FAILED, outcome.product() + ": " + outcome.message());
      }
      RunRecord run = outcome.run().orElseThrow();
      console.println("   " + RunCommand.describe(run));
      Instant processed = run.processedAt().orElse(run.startedAt());
      if (processed.isAfter(latest)) {
        latest = processed;
      }
    }
    return latest;
  }

  private static void show(
      Console console,
      Mesh mesh,
      Reader reader,
      String title,
      String sql,
      ReadOptions options,
      String flags) {
    console.println("");
    console.println("-- " + title);
    console.println("$ quanta query " + flags + "\"" + sql + "\"");
    List<String> header = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    QueryResult result =
        mesh.queries()
            .query(
                reader,
                sql,
                options,
                new ResultSink() {
                  @Override
                  public void columns(List<ResultColumn> columns) {
                    columns.forEach(column -> header.add(column.name()));
                  }

                  @Override
                  public boolean row(List<Object> values) {
                    List<String> cells = new ArrayList<>();
                    values.forEach(
                        value -> cells.add(value == null ? null : String.valueOf(value)));
                    rows.add(cells);
                    return true;
                  }
                });
    console.table(header, rows);
    console.println(
        "("
            + result.rows()
            + (result.rows() == 1 ? " row" : " rows")
            + ", as of "
            + result.asOf()
            + ")");
  }
}
