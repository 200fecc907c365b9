package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version, {@code MAJOR.MINOR.PATCH[-PRERELEASE]}. The major version is part of a
 * product's address; build metadata is not supported.
 */
public record SemVer(int major, int minor, int patch, String preRelease)
    implements Comparable<SemVer> {
  /** The pattern the JSON Schema also uses. */
  public static final String PATTERN =
      "^(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})"
          + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$";

  private static final Pattern FORMAT = Pattern.compile(PATTERN);
  private static final Comparator<SemVer> ORDER =
      Comparator.comparingInt(SemVer::major)
          .thenComparingInt(SemVer::minor)
          .thenComparingInt(SemVer::patch)
          // a pre-release sorts before its release
          .thenComparing(v -> v.preRelease.isEmpty() ? "\uffff" : v.preRelease);

  public SemVer {
    requireNonNull(preRelease, "preRelease is null");
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
  }

  /**
   * Parses a semantic version.
   *
   * @throws IllegalArgumentException if the text is not a semantic version
   */
  public static SemVer parse(String text) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)");
    }
    return new SemVer(
        Integer.parseInt(matcher.group(1)),
        Integer.parseInt(matcher.group(2)),
        Integer.parseInt(matcher.group(3)),
        matcher.group(4) == null ? "" : matcher.group(4));
  }

  @Override
  public int compareTo(SemVer other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
