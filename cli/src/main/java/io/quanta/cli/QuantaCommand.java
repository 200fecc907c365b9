package io.quanta.cli;

import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.auth.Authenticator;
import io.quanta.platform.registry.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
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
      PlanCommand.class,
      DeployCommand.class,
      ApplyCommand.class,
      RunCommand.class,
      QueryCommand.class,
      ExportCommand.class,
      ExportSpecCommand.class,
      ImportSpecCommand.class,
      SubscribeCommand.class,
      ProductsCommand.class,
      DescribeCommand.class,
      StatusCommand.class,
      QuarantineCommand.class,
      LineageCommand.class,
      GraphCommand.class,
      SearchCommand.class,
      RunsCommand.class,
      ConsumersCommand.class,
      DeprecateCommand.class,
      RetireCommand.class,
      UpCommand.class,
      DemoCommand.class,
      PolicyCommand.class,
      GovernanceCommand.class,
      TokenCommand.class,
      WhoamiCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 the request failed, 2 usage error.",
      "Everything lives under the data folder: --data-dir, else $QUANTA_HOME, else ~/.quanta."
    })
public final class QuantaCommand implements Callable<Integer> {
  /** The environment variable holding the token of {@code --token}'s default. */
  static final String TOKEN_VARIABLE = "QUANTA_TOKEN";

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

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "Who reads: a token of quanta token create, or a JWT (default: $QUANTA_TOKEN).")
  String token;

  @Option(
      names = "--purpose",
      scope = ScopeType.INHERIT,
      paramLabel = "TEXT",
      description =
          "What the reads are for (e.g. marketing-analytics), which access rules may ask.")
  String purpose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Looks up environment variables ($QUANTA_TOKEN, a JWT secret): the process's, or a test's. */
  private final Function<String, String> environment;

  public QuantaCommand() {
    this(System::getenv);
  }

  QuantaCommand(Function<String, String> environment) {
    this.environment = environment;
  }

  /** A command line for {@code quanta} with Quanta's error handling. */
  public static CommandLine commandLine() {
    return commandLine(System::getenv);
  }

  /** A command line that reads its environment variables through the function. */
  static CommandLine commandLine(Function<String, String> environment) {
    CommandLine commandLine = new CommandLine(new QuantaCommand(environment));
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

  /**
   * Who the command reads as: the principal of {@code --token} (else {@code $QUANTA_TOKEN}), or
   * anonymous where the mesh allows it, with the {@code --purpose}.
   *
   * @throws QuantaException {@code UNAUTHENTICATED} when the token is refused, or missing where the
   *     mesh needs one
   */
  Reader reader(Registry registry, MeshConfig config) {
    Optional<String> credentials =
        Optional.ofNullable(token).or(() -> Optional.ofNullable(environment.apply(TOKEN_VARIABLE)));
    Authenticator authenticator =
        new Authenticator(registry.tokens(), config.auth(), environment, Clock.systemUTC());
    return new Reader(authenticator.authenticate(credentials), Optional.ofNullable(purpose));
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
