package io.quanta.cli;

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
}
