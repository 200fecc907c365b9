package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code quanta}: run data products on the embedded mesh. */
@Command(
    name = "quanta",
    // Every subcommand takes -h/--help and shows the exit codes too.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "quanta 0.1.0",
    description = "Quanta: a self-serve data mesh that runs data products.",
    subcommands = {
      ValidateCommand.class,
      DeployCommand.class,
      RunCommand.class,
      QueryCommand.class,
      ExportCommand.class,
      SubscribeCommand.class,
      ProductsCommand.class,
      DescribeCommand.class,
      RunsCommand.class,
      UpCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 the request failed, 2 usage error.",
      "Everything lives under the data folder: --data-dir, else $QUANTA_HOME, else ~/.quanta."
    })
public final class QuantaCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "Folder holding the mesh (default: $QUANTA_HOME, else ~/.quanta).")
  Path dataDir;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show Quanta's log and the stack traces of failures.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A command line for {@code quanta} with Quanta's error handling. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new QuantaCommand());
    commandLine.setExecutionExceptionHandler(QuantaCommand::handle);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** The data folder the options, the environment or the default say. */
  Path resolveDataDir() {
    if (dataDir != null) {
      return dataDir.toAbsolutePath().normalize();
    }
    String home = System.getenv("QUANTA_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    return Path.of(System.getProperty("user.home"), ".quanta");
  }

  Mesh openMesh() {
    if (debug) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.quanta"))
          .setLevel(ch.qos.logback.classic.Level.DEBUG);
    }
    return Mesh.open(resolveDataDir());
  }

  private static int handle(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    QuantaCommand root =
        commandLine.getCommandSpec().root().userObject() instanceof QuantaCommand quanta
            ? quanta
            : null;
    boolean debug = root != null && root.debug;
    if (exception instanceof QuantaException quanta) {
      if (quanta.problems().isEmpty()) {
        err.println("error: " + quanta.getMessage());
      } else {
        for (Problem problem : quanta.problems()) {
          err.println(problem);
        }
        if (quanta.problems().size() > 1
            || !quanta
                .getMessage()
                .lines()
                .findFirst()
                .orElse("")
                .equals(quanta.problems().get(0).message())) {
          err.println("error: " + quanta.getMessage().lines().findFirst().orElse(""));
        }
      }
      if (debug) {
        quanta.printStackTrace(err);
      }
      err.flush();
      return quanta.code().exitCode();
    }
    err.println(
        "error: "
            + exception.getClass().getSimpleName()
            + (exception.getMessage() == null ? "" : ": " + exception.getMessage()));
    if (debug) {
      exception.printStackTrace(err);
    } else {
      err.println("(run again with --debug for the stack trace)");
    }
    err.flush();
    return 1;
  }
}
