package io.quanta.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The entry point of {@code bench/run}: runs the {@link Benchmark}, prints its table and appends it
 * to the results file. Exits 0 when the benchmark ran, whether or not every target was met; 1 when
 * something crashed; 2 for wrong arguments.
 */
public final class BenchMain {
  static final int OK = 0;
  static final int CRASHED = 1;
  static final int USAGE = 2;

  private BenchMain() {}

  /** Runs the benchmark with the command line's options and exits. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the benchmark with the command line's options.
   *
   * @param out where the table goes
   * @param err where progress and errors go
   * @return the process's exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    for (String argument : args) {
      if (argument.equals("--help") || argument.equals("-h")) {
        out.println(BenchOptions.usage());
        return OK;
      }
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(BenchOptions.usage());
      return USAGE;
    }
    try {
      Report report = new Benchmark(options, err).run();
      out.println();
      out.println(report.heading());
      out.println();
      out.print(report.consoleTable());
      out.println();
      for (String detail : report.details()) {
        out.println("- " + detail);
      }
      ResultsFile.append(options.output(), report);
      out.println();
      Path written = options.output().toAbsolutePath().normalize();
      out.println("Appended to " + written);
      int missed = report.missed().size();
      if (missed > 0) {
        out.println(missed + (missed == 1 ? " target" : " targets") + " missed (see the table).");
      }
      out.flush();
      return OK;
    } catch (Exception | Error e) {
      err.println("bench: the benchmark crashed: " + e);
      e.printStackTrace(err);
      return CRASHED;
    }
  }
}
