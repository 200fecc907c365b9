package io.quanta.error;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The root of every failure Quanta reports to a user. Carries an {@link ErrorCode} that maps to an
 * HTTP status and a CLI exit code, a specific message, and, for validation failures, every problem
 * found.
 */
public class QuantaException extends RuntimeException {
  private final ErrorCode code;
  private final List<Problem> problems;

  public QuantaException(ErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  public QuantaException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  public QuantaException(ErrorCode code, String message, List<Problem> problems) {
    this(code, message, problems, null);
  }

  public QuantaException(ErrorCode code, String message, List<Problem> problems, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
    this.problems = List.copyOf(problems);
  }

  public ErrorCode code() {
    return code;
  }

  /** Every problem found, each with where it is; empty when the failure has no location. */
  public List<Problem> problems() {
    return problems;
  }

  public static QuantaException notFound(String message) {
    return new QuantaException(ErrorCode.NOT_FOUND, message);
  }

  public static QuantaException invalidRequest(String message) {
    return new QuantaException(ErrorCode.INVALID_REQUEST, message);
  }
}
