package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.spec.change.ChangeLevel;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "deploy",
    description = {
      "Validate and deploy spec files, all or nothing.",
      "If one spec has a problem, nothing is deployed. Provisions an Iceberg table per output port; a new minor or patch version evolves its tables in place, a new major version gets its own. A breaking change without a new major version is refused (see quanta plan). Deploying an unchanged spec again does nothing."
    })
final class DeployCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      Plan plan = mesh.lifecycle().planFiles(files);
      for (Problem warning : plan.validation().warnings()) {
        console.note("warning: " + warning);
      }
      List<Deployment> deployments = mesh.lifecycle().deploy(plan);
      for (Deployment deployment : deployments) {
        console.println(line(deployment, plan));
      }
      return 0;
    }
  }

  /** {@code updated domain/name:1 1.1.0 minor}: what a deploy did to a product. */
  static String line(Deployment deployment, Plan plan) {
    ChangeLevel level =
        plan.products().stream()
            .filter(product -> product.product().equals(deployment.product()))
            .map(ProductPlan::level)
            .findFirst()
            .orElse(ChangeLevel.NONE);
    return String.format(
            "%-9s %s  %s  %s",
            deployment.change().name().toLowerCase(Locale.ROOT),
            deployment.product(),
            deployment.version(),
            deployment.change() == Deployment.Change.UPDATED ? level.specName() : "")
        .stripTrailing();
  }
}
