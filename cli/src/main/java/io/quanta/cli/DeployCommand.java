package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Validation;
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
      "If one spec has a problem, nothing is deployed. Provisions an Iceberg table per output port. Deploying an unchanged spec again does nothing."
    })
final class DeployCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Spec files (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      Validation validation = mesh.lifecycle().validateFiles(files);
      for (Problem warning : validation.warnings()) {
        console.note("warning: " + warning);
      }
      List<Deployment> deployments = mesh.lifecycle().deploy(validation);
      for (Deployment deployment : deployments) {
        console.println(
            String.format(
                "%-9s %s  %s",
                deployment.change().name().toLowerCase(Locale.ROOT),
                deployment.product(),
                deployment.version()));
      }
      return 0;
    }
  }
}
