package io.quanta.error;

/**
 * The kind of a failure, which decides how each surface reports it: the HTTP status of the API's
 * problem response and the exit code of the CLI.
 */
public enum ErrorCode {
  /** A spec file is malformed or breaks a rule. */
  INVALID_SPEC(400, "invalid-spec", "Invalid data product spec"),
  /**
   * A governance file is malformed: bad YAML, an unknown field, a rule whose CEL does not compile.
   */
  INVALID_GOVERNANCE(400, "invalid-governance", "Invalid governance file"),
  /**
   * A well-formed spec breaks the mesh's governance: an {@code error} rule, or local policies that
   * loosen the global ones.
   */
  GOVERNANCE_VIOLATION(422, "governance-violation", "Refused by governance"),
  /** A request is malformed: a bad argument, a bad time, an unknown format. */
  INVALID_REQUEST(400, "invalid-request", "Invalid request"),
  /** A consumer query does not parse or does not bind. */
  INVALID_QUERY(400, "invalid-query", "Invalid query"),
  /** A consumer query tries something the SQL port does not allow. */
  QUERY_REFUSED(403, "query-refused", "Query refused"),
  /** The request has no valid credentials (no token, an unknown, revoked or expired one). */
  UNAUTHENTICATED(401, "unauthenticated", "Unauthenticated"),
  /** The principal may not read or change what it asked for: a policy denies it. */
  ACCESS_DENIED(403, "access-denied", "Access denied"),
  /** The request may not be made from where it comes (another origin, a foreign host name). */
  FORBIDDEN(403, "forbidden", "Forbidden"),
  /** A request body in a format the operation does not take. */
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  /** A named product, version, port or run does not exist. */
  NOT_FOUND(404, "not-found", "Not found"),
  /**
   * A product version was retired: it no longer serves, runs or takes new deployments; its registry
   * history stays.
   */
  GONE(410, "gone", "Gone"),
  /** The request conflicts with the current state, e.g. a run already in progress. */
  CONFLICT(409, "conflict", "Conflict"),
  /**
   * A spec changes a deployed major version in a way its version does not allow: a breaking change
   * without a new major version, a version bump smaller than the change, a version that does not go
   * forward.
   */
  CHANGE_REFUSED(409, "change-refused", "Change refused"),
  /** A query ran longer than the SQL port allows and was cancelled. */
  QUERY_TIMEOUT(408, "query-timeout", "Query timed out"),
  /** The service is at capacity (e.g. too many queries at once); the request may be retried. */
  BUSY(503, "busy", "Busy"),
  /** A run failed: bad data, a failing transformation, a type mismatch. Nothing was committed. */
  RUN_FAILED(422, "run-failed", "Run failed"),
  /** An unexpected failure inside Quanta. */
  INTERNAL(500, "internal", "Internal error");

  private final int httpStatus;
  private final String slug;
  private final String title;

  ErrorCode(int httpStatus, String slug, String title) {
    this.httpStatus = httpStatus;
    this.slug = slug;
    this.title = title;
  }

  /** The HTTP status of a response reporting this error. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A short stable identifier, used as the problem type of HTTP responses. */
  public String slug() {
    return slug;
  }

  /** A human title for the kind of error. */
  public String title() {
    return title;
  }

  /**
   * The CLI exit code: 2 for a malformed argument (a usage error, like an unknown option), 1 when a
   * well-formed request failed.
   */
  public int exitCode() {
    return this == INVALID_REQUEST ? 2 : 1;
  }
}
