package io.quanta.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code quanta} in-process on one data folder, as a user would from a shell, with the
 * environment variables the test sets (the process's own cannot be changed in a JVM).
 */
final class CliRunner {
  /** What a command printed and returned. */
  record Result(int exit, String out, String err) {}

  private final Path dataDir;
  private final Map<String, String> environment = new HashMap<>();

  CliRunner(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Sets an environment variable for the commands run from now on; null unsets it. */
  CliRunner environment(String name, String value) {
    if (value == null) {
      environment.remove(name);
    } else {
      environment.put(name, value);
    }
    return this;
  }

  Result run(String... args) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--data-dir");
    arguments.add(dataDir.toString());
    arguments.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = QuantaCommand.commandLine(environment::get);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(arguments.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }
}
