package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Plan;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "apply",
    description = {
      "Plan and deploy every spec of a folder, all or nothing: the GitOps entry point.",
      "Reads every *.yaml and *.yml file of the folder and its subfolders (hidden ones excepted), plans them as one batch, upstream products first, and prints the plan. If any spec is invalid or any change is refused, nothing is deployed. Otherwise deploys the batch and prints what it deployed."
    })
final class ApplyCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DIR", description = "The folder of spec files.")
  Path folder;

  @Option(
      names = "--dry-run",
      description = "Print the plan only; deploy nothing (exits 1 if a deploy would be refused).")
  boolean dryRun;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      Plan plan = mesh.lifecycle().planFolder(folder);
      if (!PlanPrinter.print(console, plan) || dryRun) {
        return plan.deployable() ? 0 : 1;
      }
      console.println("");
      for (Deployment deployment : mesh.lifecycle().deploy(plan)) {
        console.println(DeployCommand.line(deployment, plan));
      }
      return 0;
    }
  }
}
