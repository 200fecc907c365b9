package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.ports.files.FileFormat;
import io.quanta.ports.files.FilesPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "export",
    description = {
      "Write a port's rows to a Parquet, CSV or JSON file.",
      "The file is <domain>.<product>_v<major>.<port>.<ext> in the output folder; the same rows as the SQL port reads, with the same options."
    })
final class ExportCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PORT",
      description = "domain/name/port or domain/name:major/port.")
  String port;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      paramLabel = "FORMAT",
      description = "parquet, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description = "Folder to write the file into (created if needed).")
  Path output;

  @Mixin ReadOptionsMixin read;

  @Override
  public Integer call() throws IOException {
    Console console = console();
    FileFormat fileFormat = FileFormat.parse(format);
    try (Mesh mesh = openMesh()) {
      PortArgument.Resolved resolved = PortArgument.resolve(mesh, port);
      Files.createDirectories(output);
      Path file = output.resolve(resolved.id().sqlName() + "." + fileFormat.extension());
      Files.deleteIfExists(file);
      FilesPort.Export export =
          mesh.files().export(reader(mesh), resolved.id(), read.options(), fileFormat, file);
      console.println(export.file().toString());
      console.note(
          "("
              + export.rows()
              + (export.rows() == 1 ? " row" : " rows")
              + ", as of "
              + export.asOf()
              + ")");
      return 0;
    }
  }
}
