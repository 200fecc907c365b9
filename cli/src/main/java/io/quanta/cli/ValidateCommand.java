package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.spec.ProductSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    description = {
      "Check spec files without deploying them.",
      "Checks the file against the descriptor's schema, that input references resolve, and that each output's SQL compiles against its inputs and returns the declared columns. Every problem is reported at once, as file:line:column: field: message."
    })
final class ValidateCommand extends MeshCommand implements Callable<Integer> {
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
      if (!validation.isValid()) {
        validation.errors().forEach(problem -> console.note(problem.toString()));
        long files = validation.errors().stream().map(Problem::file).distinct().count();
        console.note(
            "error: "
                + validation.errors().size()
                + (validation.errors().size() == 1 ? " problem" : " problems")
                + " in "
                + files
                + (files == 1 ? " file" : " files"));
        return 1;
      }
      for (ProductSpec spec : validation.specs()) {
        console.println(
            "ok  " + spec.id() + "  " + spec.metadata().version() + "  " + spec.source().file());
      }
      console.println(
          validation.specs().size()
              + (validation.specs().size() == 1 ? " spec is" : " specs are")
              + " valid");
      return 0;
    }
  }
}
