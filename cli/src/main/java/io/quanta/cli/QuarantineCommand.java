package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.trust.QuarantineService;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "quarantine",
    description =
        "Show the rows of a port that broke an error expectation, with the check and the reason"
            + " (the product's owner and the governance role only).")
final class QuarantineCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PORT",
      description = "domain/name/port (newest major) or domain/name:major/port.")
  String port;

  @Option(names = "--run", paramLabel = "RUN", description = "Only the rows of that run.")
  String run;

  @Option(
      names = "--limit",
      defaultValue = "50",
      paramLabel = "N",
      description = "At most N rows (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      PortArgument.Resolved resolved = PortArgument.resolve(mesh, port);
      QuarantineService.Quarantined quarantined =
          mesh.quarantine().read(resolved.id(), reader(mesh), Optional.ofNullable(run), limit);
      if (quarantined.total() == 0) {
        console.println(
            "No quarantined rows in " + resolved.id() + (run == null ? "" : " for run " + run));
        return 0;
      }
      console.table(quarantined.columns(), quarantined.rows());
      console.println(
          quarantined.rows().size()
              + " of "
              + quarantined.total()
              + " quarantined rows of "
              + resolved.id());
      return 0;
    }
  }
}
