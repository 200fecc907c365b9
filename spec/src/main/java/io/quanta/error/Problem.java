package io.quanta.error;

import static java.util.Objects.requireNonNull;

/**
 * One problem found while validating, with where it is: the file, the 1-based line and column, and
 * the path of the field inside the document (for example {@code outputs[0].key[1]}).
 *
 * @param file the file name as the user gave it, or {@code <request>} for an API body
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param path the field path, empty for the whole document
 * @param message what is wrong and what would be valid
 */
public record Problem(String file, int line, int column, String path, String message) {
  public Problem {
    requireNonNull(file, "file is null");
    requireNonNull(path, "path is null");
    requireNonNull(message, "message is null");
  }

  /** {@code file:line:column: path: message}, the format compilers and editors understand. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(file);
    if (line > 0) {
      text.append(':').append(line).append(':').append(column);
    }
    text.append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).toString();
  }
}
