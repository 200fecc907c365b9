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

  static void write(Context context, ErrorCode code, String detail, List<Problem> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code.slug());
    body.put("title", code.title());
    body.put("status", code.httpStatus());
    body.put("detail", detail);
    body.put("instance", context.path());
    if (!problems.isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      for (Problem problem : problems) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("file", problem.file());
        error.put("line", problem.line());
        error.put("column", problem.column());
        error.put("path", problem.path());
        error.put("message", problem.message());
        errors.add(error);
      }
      body.put("errors", errors);
    }
    context.attribute(WRITTEN, Boolean.TRUE);
    context.status(code.httpStatus()).json(body).contentType(CONTENT_TYPE);
  }
}
