package io.quanta.cli;

import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
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

  /** Who the command reads as: the principal of --token or $QUANTA_TOKEN, and --purpose. */
  Reader reader(Mesh mesh) {
    return root.reader(mesh);
  }
}
