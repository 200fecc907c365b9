package io.quanta.cli;

import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParentCommand;

/** What every subcommand shares: the root's options and the console. */
abstract class MeshCommand {
  @ParentCommand QuantaCommand root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Console console() {
    return new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  Mesh openMesh() {
    return root.openMesh();
  }

  /**
   * The mesh's registry and config alone, for commands that need nothing else: opening the whole
   * mesh loads DuckDB too, which takes seconds.
   */
  Registry openRegistry() {
    Path dataDir = root.resolveDataDir();
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder " + dataDir, e);
    }
    return Registry.open(dataDir);
  }

  /** The mesh config of the data folder ({@code quanta.yaml}). */
  MeshConfig config() {
    return MeshConfig.load(root.resolveDataDir());
  }

  /** Who the command reads as: the principal of --token or $QUANTA_TOKEN, and --purpose. */
  Reader reader(Mesh mesh) {
    return root.reader(mesh.registry(), mesh.config());
  }
}
