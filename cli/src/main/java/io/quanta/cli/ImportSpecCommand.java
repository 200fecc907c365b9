package io.quanta.cli;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.standards.SpecImport;
import io.quanta.standards.SpecImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "import-spec",
    description = {
      "Make ODPS and ODCS documents into a Quanta spec (quanta/v1 YAML).",
      "Give the product's ODPS document (at most one) with the ODCS contracts of its output ports; contracts alone make one port per schema object. Each field a spec cannot hold is a warning, with where it is. A field a spec needs that the documents do not give (an owner, a port's SQL) is an error: the spec is written with what maps, never with an invented value, and the exit code is 1 (docs/standards.md)."
    })
final class ImportSpecCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "ODPS and ODCS documents (YAML or JSON; several in a file separated by ---).")
  List<Path> files;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write the spec to DIR/<name>.yaml (created if needed); relative file inputs resolve"
              + " against DIR. Without it, print the spec.")
  Path out;

  @Option(names = "--force", description = "Replace the spec file if it exists.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    Console console = console();
    Path folder = out == null ? Path.of("") : out;
    SpecImport imported = SpecImporter.create().importFiles(files, folder);
    if (out != null && Files.exists(imported.file()) && !force) {
      throw new QuantaException(
          ErrorCode.CONFLICT,
          imported.file()
              + " exists: import into another --out folder, or replace it with --force");
    }
    for (Problem warning : imported.warnings()) {
      console.note("warning: " + warning);
    }
    // When no document could be read there is nothing to write.
    if (!imported.yaml().isEmpty() && out == null) {
      console.out().print(imported.yaml());
      console.out().flush();
    } else if (!imported.yaml().isEmpty()) {
      Files.createDirectories(out);
      Files.writeString(imported.file(), imported.yaml());
      console.println(imported.file().toString());
    }
    if (imported.isValid()) {
      return 0;
    }
    imported.errors().forEach(error -> console.note(error.toString()));
    console.note(
        "error: "
            + imported.errors().size()
            + (imported.errors().size() == 1 ? " problem" : " problems")
            + (imported.yaml().isEmpty()
                ? ""
                : ": "
                    + (out == null ? "the spec above" : imported.file().toString())
                    + " is not a valid spec yet; complete it, then quanta validate it"));
    return 1;
  }
}
