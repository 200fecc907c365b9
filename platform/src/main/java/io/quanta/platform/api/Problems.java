package io.quanta.platform.api;

import io.javalin.http.Context;
import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors as {@code application/problem+json} (RFC 9457). */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://quanta.dev/problems/";
  private static final String WRITTEN = "quanta.problem-written";

  private Problems() {}

  /** Whether a problem response was already written for this request. */
  static boolean written(Context context) {
    return Boolean.TRUE.equals(context.attribute(WRITTEN));
  }

  static void write(Context context, QuantaException exception) {
    write(
        context,
        exception.code(),
        exception.getMessage().lines().findFirst().orElse(""),
        exception.problems());
  }

  /** A problem response with extension members (RFC 9457 §3.2) after the standard ones. */
  static void write(Context context, QuantaException exception, Map<String, Object> extensions) {
    write(
        context,
        exception.code(),
        exception.getMessage().lines().findFirst().orElse(""),
        exception.problems(),
        extensions);
  }

  static void write(Context context, ErrorCode code, String detail, List<Problem> problems) {
    write(context, code, detail, problems, Map.of());
  }

  /** One located problem as the {@code errors} of a problem response list it. */
  static Map<String, Object> error(Problem problem) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("file", problem.file());
    error.put("line", problem.line());
    error.put("column", problem.column());
    error.put("path", problem.path());
    error.put("message", problem.message());
    return error;
  }

  private static void write(
      Context context,
      ErrorCode code,
      String detail,
      List<Problem> problems,
      Map<String, Object> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code.slug());
    body.put("title", code.title());
    body.put("status", code.httpStatus());
    body.put("detail", detail);
    body.put("instance", context.path());
    if (!problems.isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (Problem problem : problems) {
        errors.add(error(problem));
      }
      body.put("errors", errors);
    }
    body.putAll(extensions);
    context.attribute(WRITTEN, Boolean.TRUE);
    context.status(code.httpStatus()).json(body).contentType(CONTENT_TYPE);
  }
}
