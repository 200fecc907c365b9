package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.RunRecord;
import io.quanta.platform.registry.RunWarning;
import io.quanta.platform.run.RunService;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description = {
      "Run data products: read inputs, compute outputs, commit what changed.",
      "Several products run upstream first; a product whose upstream failed is skipped. A failed run commits nothing and records why (quanta runs PRODUCT)."
    })
final class RunCommand extends MeshCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  static final class Which {
    @Parameters(
        arity = "1..*",
        paramLabel = "PRODUCT",
        description = "domain/name or domain/name:major.")
    List<String> products;

    @Option(names = "--all", required = true, description = "Run every deployed product.")
    boolean all;
  }

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      List<ProductId> ids = new ArrayList<>();
      if (which.all) {
        // Retired versions are left out: they no longer run.
        mesh.registry().products().list().forEach(version -> ids.add(version.id()));
        if (ids.isEmpty()) {
          console.note("nothing to run: no product is deployed (quanta deploy FILE...)");
          return 0;
        }
      } else {
        for (String product : which.products) {
          ProductVersion version = mesh.specs().resolve(ProductRef.parse(product));
          ids.add(version.id());
        }
      }
      boolean failed = false;
      for (RunService.Outcome outcome : mesh.runs().runAll(ids, "cli")) {
        if (outcome.succeeded()) {
          RunRecord run = outcome.run().orElseThrow();
          console.println(describe(run));
          for (RunWarning warning : mesh.registry().lifecycle().runWarnings(run.id())) {
            console.note("warning: " + run.product() + ": " + warning.message());
          }
        } else {
          failed = true;
          String status = outcome.status().name().toLowerCase(java.util.Locale.ROOT);
          console.println(
              String.format("%-9s %s  %s", status, outcome.product(), outcome.message()));
        }
      }
      return failed ? 1 : 0;
    }
  }

  static String describe(RunRecord run) {
    List<String> ports = new ArrayList<>();
    for (RunRecord.RunPortResult port : run.ports()) {
      String change = "+" + port.rowsAdded();
      if (port.rowsCorrected() > 0) {
        change += " (" + port.rowsCorrected() + " corrected)";
      }
      ports.add(port.port() + " " + change);
    }
    Duration took = Duration.between(run.startedAt(), run.finishedAt().orElse(run.startedAt()));
    return String.format(
        "succeeded %s  run %s  %s  %.1f s",
        run.product(), run.id(), String.join(", ", ports), took.toMillis() / 1000.0);
  }
}
