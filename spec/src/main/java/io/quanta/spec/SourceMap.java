package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import java.util.Map;

/**
 * Where each field of a spec is in its file, so that every problem can say {@code
 * file:line:column}. Paths look like {@code outputs[0].key[1]}.
 */
public final class SourceMap {
  /** A 1-based position in a file. */
  public record Location(int line, int column) {}

  /** How a scalar was written, which decides where its content starts. */
  public enum ScalarStyle {
    /** On the key's line: plain or quoted. */
    INLINE,
    /** A literal block ({@code |}): content starts on the next line, line breaks kept. */
    LITERAL_BLOCK,
    /** A folded block ({@code >}): content starts on the next line, line breaks folded. */
    FOLDED_BLOCK
  }

  private final String file;
  private final Map<String, Location> values;
  private final Map<String, Location> keys;
  private final Map<String, ScalarStyle> styles;
  private final Map<String, Integer> contentIndents;

  public SourceMap(
      String file,
      Map<String, Location> values,
      Map<String, Location> keys,
      Map<String, ScalarStyle> styles,
      Map<String, Integer> contentIndents) {
    this.file = requireNonNull(file, "file is null");
    this.values = Map.copyOf(values);
    this.keys = Map.copyOf(keys);
    this.styles = Map.copyOf(styles);
    this.contentIndents = Map.copyOf(contentIndents);
  }

  public String file() {
    return file;
  }

  /**
   * Where the value at the path is; for a path that is absent (a missing field), where its nearest
   * present ancestor is.
   */
  public Location value(String path) {
    String current = path;
    while (true) {
      Location location = values.get(current);
      if (location != null) {
        return location;
      }
      if (current.isEmpty()) {
        return new Location(1, 1);
      }
      current = parent(current);
    }
  }

  /** Where the key of the field at the path is, or its value's location if it has no key. */
  public Location key(String path) {
    Location location = keys.get(path);
    return location != null ? location : value(path);
  }

  /**
   * Where a line of a multi-line string value is. For a literal block the mapping is exact; for
   * other styles it is the value's own location.
   *
   * @param path the path of a string value
   * @param line 1-based line within the string
   */
  public Location lineInValue(String path, int line) {
    Location start = value(path);
    ScalarStyle style = styles.getOrDefault(path, ScalarStyle.INLINE);
    if (style == ScalarStyle.LITERAL_BLOCK && line >= 1) {
      int indent = contentIndents.getOrDefault(path, start.column());
      return new Location(start.line() + line, indent);
    }
    return start;
  }

  /** A problem located at the value of the path. */
  public Problem problem(String path, String message) {
    Location location = value(path);
    return new Problem(file, location.line(), location.column(), path, message);
  }

  /** A problem located at the key of the path (for unknown or misplaced fields). */
  public Problem keyProblem(String path, String message) {
    Location location = key(path);
    return new Problem(file, location.line(), location.column(), path, message);
  }

  /** A problem at a given location, reported against the path. */
  public Problem problemAt(Location location, String path, String message) {
    return new Problem(file, location.line(), location.column(), path, message);
  }

  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
