package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Progress lines of a benchmark run, each stamped with the time of day. */
final class Progress {
  private final PrintStream out;

  Progress(PrintStream out) {
    this.out = requireNonNull(out, "out is null");
  }

  /** Prints one line, formatted with {@link String#format} in the root locale. */
  void say(String format, Object... arguments) {
    out.println(
        "[bench "
            + LocalTime.now().truncatedTo(ChronoUnit.SECONDS)
            + "] "
            + String.format(Locale.ROOT, format, arguments));
    out.flush();
  }
}
