package io.quanta.platform.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.discovery.DiscoveryService;
import io.quanta.platform.lifecycle.Consumers;
import io.quanta.platform.lifecycle.LifecycleJson;
import io.quanta.platform.registry.ProductLifecycle;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.Names;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A product version's lifecycle over HTTP (docs/lifecycle-deprecation.md):
 *
 * <pre>
 * GET  .../{major}/lifecycle      state, deprecation, retirement and history (the tombstone)
 * GET  .../{major}/consumers      products reading its ports and readers in the audit (?since=P30D)
 * POST .../{major}/deprecation    {"sunset", "successor", "reason"}: owner and governance only
 * POST .../{major}/retirement     {"force", "reason"}: owner and governance only
 * </pre>
 *
 * <p>Every response about a deprecated version carries {@code Deprecation: @<epoch seconds>} (RFC
 * 9745), {@code Sunset: <HTTP-date>} (RFC 8594) and, with a successor, {@code Link: <...>;
 * rel="successor-version"}; every request to a retired version but its history answers {@code 410
 * Gone}, naming the successor.
 */
final class LifecycleRoutes {
  private static final String PRODUCTS = "/api/v1/products/";
  private static final String PRODUCT = "/api/v1/products/{domain}/{name}/{major}";

  /** What a retired version still answers: its history. */
  private static final Set<String> HISTORY =
      Set.of("lifecycle", "consumers", "runs", "observability");

  /** IMF-fixdate (RFC 9110 §5.6.7), the only HTTP-date a sender may generate. */
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private final Mesh mesh;
  private final ObjectMapper mapper;

  LifecycleRoutes(Mesh mesh, ObjectMapper mapper) {
    this.mesh = requireNonNull(mesh, "mesh is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.before(this::announce);
    routes.get(PRODUCT + "/lifecycle", this::lifecycle);
    routes.get(PRODUCT + "/consumers", this::consumers);
    routes.post(PRODUCT + "/deprecation", this::deprecate);
    routes.post(PRODUCT + "/retirement", this::retire);
  }

  /**
   * Adds the deprecation headers of the versions a response is about, or refuses a request to a
   * retired version with {@code 410 Gone} unless it asks for its history.
   */
  private void announce(Context context) {
    String path = context.path();
    if (!path.startsWith(PRODUCTS)) {
      return;
    }
    String[] segments = path.substring(PRODUCTS.length()).split("/");
    if (segments.length < 2 || !Names.isResource(segments[0]) || !Names.isResource(segments[1])) {
      return;
    }
    String text = segments[0] + "/" + segments[1];
    if (segments.length >= 3) {
      if (!segments[2].matches("[0-9]{1,9}")) {
        return; // the route reports the malformed major version
      }
      text += ":" + segments[2];
    }
    ProductId product;
    try {
      product = mesh.specs().resolve(ProductRef.parse(text)).id();
    } catch (QuantaException e) {
      return; // not deployed: the route answers 404
    }
    ProductLifecycle lifecycle = mesh.deprecations().lifecycle(product);
    if (lifecycle.isRetired()) {
      boolean history =
          segments.length >= 4
              && context.method().name().equals("GET")
              && HISTORY.contains(segments[3]);
      if (!history) {
        successorLink(context, lifecycle);
        throw new QuantaException(ErrorCode.GONE, lifecycle.retiredMessage());
      }
      return;
    }
    headers(context, List.of(lifecycle));
  }

  /** Adds the deprecation headers of the deprecated versions among the products a read touched. */
  static void deprecationHeaders(Context context, Mesh mesh, Collection<ProductId> products) {
    List<ProductLifecycle> lifecycles = new ArrayList<>();
    products.stream().distinct().forEach(id -> lifecycles.add(mesh.deprecations().lifecycle(id)));
    headers(context, lifecycles);
  }

  /**
   * {@code Deprecation} and {@code Sunset} of the earliest of the deprecated versions (each header
   * holds one date), and a {@code Link} to every successor.
   */
  private static void headers(Context context, List<ProductLifecycle> lifecycles) {
    List<ProductLifecycle.Deprecation> deprecations =
        lifecycles.stream()
            .filter(ProductLifecycle::isDeprecated)
            .map(lifecycle -> lifecycle.deprecation().orElseThrow())
            .toList();
    if (deprecations.isEmpty()) {
      return;
    }
    Instant deprecatedAt =
        deprecations.stream()
            .map(ProductLifecycle.Deprecation::deprecatedAt)
            .min(Comparator.naturalOrder())
            .orElseThrow();
    Instant sunset =
        deprecations.stream()
            .map(ProductLifecycle.Deprecation::sunset)
            .min(Comparator.naturalOrder())
            .orElseThrow();
    context.header("Deprecation", "@" + deprecatedAt.getEpochSecond());
    context.header("Sunset", HTTP_DATE.format(sunset));
    deprecations.stream()
        .flatMap(deprecation -> deprecation.successor().stream())
        .distinct()
        .forEach(successor -> addSuccessor(context, successor));
  }

  private static void successorLink(Context context, ProductLifecycle lifecycle) {
    lifecycle
        .deprecation()
        .flatMap(ProductLifecycle.Deprecation::successor)
        .ifPresent(successor -> addSuccessor(context, successor));
  }

  private static void addSuccessor(Context context, ProductId successor) {
    String host = context.host();
    String url =
        (host == null || host.isBlank() ? "" : context.scheme() + "://" + host)
            + DiscoveryService.href(successor);
    context.res().addHeader("Link", "<" + url + ">; rel=\"successor-version\"");
  }

  private void lifecycle(Context context) {
    ProductId product = product(context);
    mesh.specs().get(product);
    context.json(
        LifecycleJson.lifecycle(
            mesh.deprecations().lifecycle(product), mesh.deprecations().history(product)));
  }

  private void consumers(Context context) {
    ProductId product = product(context);
    String sinceText = context.queryParam("since");
    Instant since =
        sinceText == null || sinceText.isBlank()
            ? mesh.clock().instant().minus(mesh.deprecations().settings().consumerWindow())
            : mesh.consumers().since("since", sinceText);
    Consumers consumers = mesh.consumers().of(product, ApiPrincipal.of(context), since);
    context.json(LifecycleJson.consumers(consumers));
  }

  private void deprecate(Context context) {
    ProductId product = product(context);
    JsonNode body = ApiServer.jsonBody(context, mapper);
    String sunset = text(body, "sunset");
    if (sunset == null) {
      throw QuantaException.invalidRequest(
          "'sunset' is required: the date from which the version may be retired, e.g."
              + " 2027-01-31");
    }
    Optional<ProductId> successor =
        Optional.ofNullable(text(body, "successor")).map(LifecycleRoutes::version);
    ProductLifecycle lifecycle =
        mesh.deprecations()
            .deprecate(
                product,
                ApiPrincipal.of(context),
                ReadOptions.parseTime("sunset", sunset),
                successor,
                Optional.ofNullable(text(body, "reason")));
    headers(context, List.of(lifecycle));
    context.json(LifecycleJson.lifecycle(lifecycle, mesh.deprecations().history(product)));
  }

  private void retire(Context context) {
    ProductId product = product(context);
    JsonNode body = ApiServer.jsonBody(context, mapper);
    JsonNode force = body.path("force");
    if (!force.isMissingNode() && !force.isNull() && !force.isBoolean()) {
      throw QuantaException.invalidRequest("'force' must be true or false, got " + force);
    }
    ProductLifecycle lifecycle =
        mesh.deprecations()
            .retire(
                product,
                ApiPrincipal.of(context),
                force.asBoolean(false),
                Optional.ofNullable(text(body, "reason")));
    context.json(LifecycleJson.lifecycle(lifecycle, mesh.deprecations().history(product)));
  }

  private static ProductId product(Context context) {
    String major = context.pathParam("major");
    if (!major.matches("[0-9]{1,9}")) {
      throw QuantaException.invalidRequest(
          "The major version must be a number, got '" + major + "'");
    }
    return ProductId.of(
        context.pathParam("domain"), context.pathParam("name"), Integer.parseInt(major));
  }

  /** A version named as {@code domain/name:major}. */
  static ProductId version(String text) {
    ProductRef ref = ProductRef.parse(text);
    if (ref.major().isEmpty()) {
      throw QuantaException.invalidRequest(
          "The successor '" + text + "' needs its major version, as in domain/name:2");
    }
    return ref.product().version(ref.major().getAsInt());
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw QuantaException.invalidRequest("'" + field + "' must be a text, got " + value);
    }
    return value.asText().isBlank() ? null : value.asText();
  }
}
