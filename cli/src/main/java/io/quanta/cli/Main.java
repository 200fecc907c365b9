package io.quanta.cli;

/** The {@code quanta} command's entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(QuantaCommand.commandLine().execute(args));
  }
}
