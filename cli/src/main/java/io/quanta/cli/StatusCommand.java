package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.trust.ProductTrust;
import io.quanta.platform.trust.SloStatus;
import io.quanta.spec.ProductRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "status",
    description =
        "Show a product's observability port: SLOs and where they stand, the quality checks of its"
            + " latest run, column profiles and run history.")
final class StatusCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description = "domain/name (newest major) or domain/name:major.")
  String product;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--profiles", description = "Also print every column's profile.")
  boolean profiles;

  @Override
  public Integer call() throws Exception {
    Console console = console();
    if (!format.equals("text") && !format.equals("json")) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--format must be text or json, got '" + format + "'");
    }
    try (Mesh mesh = openMesh()) {
      ProductTrust trust = mesh.trust().observe(ProductRef.parse(product), reader(mesh));
      if (format.equals("json")) {
        console.println(
            ApiServer.objectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(trust));
        return 0;
      }
      print(console, trust, profiles);
      return 0;
    }
  }

  static void print(Console console, ProductTrust trust, boolean withProfiles) {
    console.println(trust.product() + ":" + trust.major() + "  SLOs " + trust.sloStatus());
    console.println(
        "  schedule: "
            + trust.schedule().declared()
            + (trust.schedule().nextRun() == null
                ? ""
                : "; next "
                    + trust.schedule().nextReason()
                    + " run "
                    + trust.schedule().nextRun()));
    console.println("");
    console.println("Service level objectives");
    if (trust.slos().isEmpty()) {
      console.println("  (none declared)");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (SloStatus slo : trust.slos()) {
        rows.add(
            List.of(
                slo.port(),
                slo.objective(),
                slo.target(),
                slo.observed() == null ? "-" : slo.observed(),
                slo.status(),
                slo.message()));
      }
      console.table(List.of("port", "objective", "target", "observed", "status", ""), rows);
    }
    console.println("");
    console.println(
        "Checks of the latest run" + (trust.checkedRun() == null ? "" : " " + trust.checkedRun()));
    if (trust.checks().isEmpty()) {
      console.println("  (none)");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (ProductTrust.CheckResult check : trust.checks()) {
        rows.add(
            List.of(
                check.port() == null ? "-" : check.port(),
                check.kind(),
                check.name(),
                check.severity(),
                check.status(),
                check.message()));
      }
      console.table(List.of("port", "kind", "check", "severity", "status", ""), rows);
    }
    console.println("");
    console.println("Profiles");
    for (ProductTrust.PortProfile profile : trust.profiles()) {
      if (profile.withheld() != null) {
        console.println("  " + profile.port() + ": " + profile.withheld());
        continue;
      }
      console.println(
          "  "
              + profile.port()
              + ": "
              + profile.rows()
              + " rows, profiled by run "
              + profile.run()
              + " at "
              + profile.profiledAt()
              + (withProfiles ? "" : "   (--profiles to show the columns)"));
      if (withProfiles && profile.columns() != null) {
        profile.columns().forEach(column -> console.println("    " + column));
      }
    }
    console.println("");
    console.println("Runs");
    if (trust.runs().isEmpty()) {
      console.println("  (none yet)");
    } else {
      List<List<String>> rows = new ArrayList<>();
      for (ProductTrust.RunHistory run : trust.runs()) {
        rows.add(
            List.of(
                run.id(),
                run.state(),
                run.trigger(),
                run.startedAt(),
                Long.toString(run.rowsWritten()),
                run.checksFailed() == 0 ? "" : run.checksFailed() + " checks failed",
                run.error() == null ? "" : run.error()));
      }
      console.table(List.of("run", "state", "trigger", "started", "rows", "checks", "error"), rows);
    }
  }
}
