package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.Authenticator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API under {@code /api/v1}: the same operations as the CLI (deploy, list, describe, run,
 * query), JSON in and out, errors as {@code application/problem+json}. Every request but the health
 * check is authenticated first ({@link ApiPrincipal}).
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  /**
   * What the UI's pages may load: only the server's own files (no inline script), so that a
   * product's Markdown docs cannot run script even if the sanitizer missed something.
   */
  private static final String UI_CONTENT_POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
          + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  /** The JSON mapper of the API: ISO-8601 times, absent values omitted. */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .setSerializationInclusion(JsonInclude.Include.NON_ABSENT);
  }

  /**
   * Starts the API on the host and port (0 for any free port), authenticating requests as the
   * mesh's config says.
   *
   * @param mesh the mesh to serve
   */
  public static ApiServer start(Mesh mesh, String host, int port) {
    requireNonNull(mesh, "mesh is null");
    return start(mesh, Authenticator.create(mesh.registry(), mesh.config()), host, port);
  }

  /**
   * Starts the API on the host and port (0 for any free port).
   *
   * @param mesh the mesh to serve
   * @param authenticator says who each request comes from (see {@link ApiPrincipal})
   */
  public static ApiServer start(Mesh mesh, Authenticator authenticator, String host, int port) {
    requireNonNull(mesh, "mesh is null");
    requireNonNull(authenticator, "authenticator is null");
    ObjectMapper mapper = objectMapper();
    ProductRoutes products = new ProductRoutes(mesh, mapper);
    QueryRoutes queries = new QueryRoutes(mesh, mapper);
    PortRoutes ports = new PortRoutes(mesh);
    EventRoutes events = new EventRoutes(mesh, mapper);
    RequestGuard guard = new RequestGuard(host);
    Javalin app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.routes.before(guard::check);
              config.routes.before(context -> ApiPrincipal.authenticate(context, authenticator));
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 10_000_000L;
              // The web UI (docs/ui.md) and the WebJars it imports: files that need no token.
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/ui";
                    files.location = Location.CLASSPATH;
                    files.headers = Map.of("Content-Security-Policy", UI_CONTENT_POLICY);
                  });
              config.staticFiles.enableWebjars();
              config.routes.get(
                  "/api/v1/health", context -> context.json(java.util.Map.of("status", "ok")));
              products.register(config.routes);
              queries.register(config.routes);
              ports.register(config.routes);
              events.register(config.routes);
              new IdentityRoutes().register(config.routes);
              new ControlRoutes(mesh).register(config.routes);
              new SearchRoutes(mesh).register(config.routes);
              new GraphRoutes(mesh).register(config.routes);
              new GovernanceRoutes(mesh).register(config.routes);
              new LifecycleRoutes(mesh, mapper).register(config.routes);
              // Prometheus scrapes without a token: names and counts, no data (docs/metrics.md).
              config.routes.get(
                  "/metrics",
                  context ->
                      context
                          .contentType("text/plain; version=0.0.4; charset=utf-8")
                          .result(mesh.metrics().scrape()));
              config.routes.exception(
                  QuantaException.class,
                  (exception, context) -> Problems.write(context, exception));
              config.routes.exception(
                  com.fasterxml.jackson.core.JacksonException.class,
                  (exception, context) ->
                      Problems.write(
                          context,
                          ErrorCode.INVALID_REQUEST,
                          "The body is not valid JSON: " + exception.getOriginalMessage(),
                          List.of()));
              config.routes.exception(
                  Exception.class,
                  (exception, context) -> {
                    LOG.error("Request {} {} failed", context.method(), context.path(), exception);
                    Problems.write(
                        context,
                        ErrorCode.INTERNAL,
                        "Internal error: " + exception.getClass().getSimpleName(),
                        List.of());
                  });
              config.routes.error(
                  404,
                  "*",
                  context -> {
                    if (!Problems.written(context)) {
                      Problems.write(
                          context,
                          ErrorCode.NOT_FOUND,
                          "No such resource: " + context.method() + " " + context.path(),
                          List.of());
                    }
                  });
              config.routes.error(
                  405,
                  "*",
                  context ->
                      Problems.write(
                          context,
                          ErrorCode.INVALID_REQUEST,
                          "Method " + context.method() + " is not allowed on " + context.path(),
                          List.of()));
            });
    app.start(host, port);
    return new ApiServer(app);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /** Reads a JSON body, or an empty object when the body is empty. */
  static JsonNode jsonBody(Context context, ObjectMapper mapper) {
    String body = context.body();
    if (body.isBlank()) {
      return mapper.createObjectNode();
    }
    try {
      return mapper.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw QuantaException.invalidRequest("The body is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
