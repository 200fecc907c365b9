package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "plan",
    description = {
      "Show what deploying spec files would change, without deploying them.",
      "Validates the specs as deploy does, compares each with the version deployed and classifies every change (ports, schema, key, access, SQL, objectives, quality expectations, inputs, policies, schedule) as patch, minor or breaking, product by product and as a whole. Within a major version, a breaking change is refused with what breaks and which deployed products read the port, as is a version bump smaller than the changes. Exits 1 when a deploy would be refused."
    })
final class PlanCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    try (Mesh mesh = openMesh()) {
      Plan plan = mesh.lifecycle().planFiles(files);
      return PlanPrinter.print(console(), plan) ? 0 : 1;
    }
  }
}
