package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "runs",
    description = "Show a product's run history, newest first, with why failed runs failed.")
final class RunsCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description = "domain/name or domain/name:major.")
  String product;

  @Option(
      names = "--limit",
      defaultValue = "20",
      paramLabel = "N",
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      ProductId id = mesh.specs().resolve(ProductRef.parse(product)).id();
      List<List<String>> rows = new ArrayList<>();
      for (RunRecord run : mesh.registry().runs().list(id, limit)) {
        Duration took = Duration.between(run.startedAt(), run.finishedAt().orElse(Instant.now()));
        rows.add(
            List.of(
                run.id(),
                run.state().text(),
                run.trigger(),
                run.startedAt().toString(),
                String.format("%.1f s", took.toMillis() / 1000.0),
                String.valueOf(run.rowsWritten()),
                run.processedAt().map(Instant::toString).orElse(""),
                run.error().orElse("")));
      }
      console.table(
          List.of("RUN", "STATE", "TRIGGER", "STARTED", "TOOK", "ROWS", "PROCESSED AT", "ERROR"),
          rows);
      return 0;
    }
  }
}
