package io.quanta.platform;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.identity.JwtSettings;
import io.quanta.platform.alerts.AlertSettings;
import io.quanta.platform.auth.AuthSettings;
import io.quanta.platform.lifecycle.LifecycleSettings;
import io.quanta.platform.lineage.OpenLineageSettings;
import io.quanta.spec.SourceMap;
import io.quanta.spec.YamlTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The mesh's settings, from {@code quanta.yaml} in the data folder (all optional):
 *
 * <pre>
 * http:
 *   host: 127.0.0.1          # where quanta up serves the API
 *   port: 8080
 * flight:
 *   port: 31337              # the Arrow Flight SQL port of quanta up
 * kafka:
 *   bootstrap-servers: kafka-1:9092,kafka-2:9092   # an existing cluster; without it,
 *   embedded-port: 9092      # quanta up runs a broker in its JVM on this port
 * auth:
 *   anonymous: false         # true: requests without credentials read as 'anonymous'
 *   jwt:                     # JWTs of an identity provider, besides quanta token create's tokens
 *     issuer: https://idp.example.com        # optional: the iss every JWT must have
 *     audience: quanta                       # optional: a value its aud must contain
 *     hs256-secret-env: QUANTA_JWT_SECRET    # the NAME of the variable holding the HS256 secret
 *     jwks-file: /etc/quanta/jwks.json       # RS256 public keys (relative to the data folder)
 *     claims: {user: sub, groups: groups, roles: roles, attributes: [country]}
 * openlineage:               # OpenLineage events of every run (docs/openlineage.md)
 *   transport: http          # none (the default), file or http
 *   file: lineage/events.jsonl               # file: JSON lines, relative to the data folder
 *   url: http://marquez:5000                 # http: events are posted to url/api/v1/lineage
 *   api-key-env: MARQUEZ_API_KEY             # optional: the NAME of the variable holding the key
 *   namespace: quanta        # the jobs' namespace; ports are datasets in quanta://namespace
 * alerts:                    # incidents of SLOs and expectations (docs/alerts.md); always logged
 *   webhook:                 # optional: each opened and resolved incident is POSTed here as JSON
 *     url: https://hooks.example.com/quanta
 *     headers: {Authorization: "Bearer ${HOOK_TOKEN}"}   # optional; ${NAME}: an env variable
 *     timeout: PT5S          # optional: of one request
 * lifecycle:                 # deprecation and retirement (docs/lifecycle-deprecation.md)
 *   refuse-new-consumers-of-deprecated: true   # default false: a new consumer only warns
 *   retention: P30D          # how long a retired version's tables are kept
 *   consumer-window: P30D    # how far back audited reads make an active consumer
 * </pre>
 *
 * @param httpHost where the HTTP API listens
 * @param httpPort the HTTP API's port
 * @param flightPort the Flight SQL server's port
 * @param kafkaBootstrapServers an existing Kafka cluster, when the mesh uses one
 * @param kafkaEmbeddedPort the embedded broker's port, when it does not
 * @param auth how requests are authenticated
 * @param openLineage where the OpenLineage events of runs go
 * @param alerts where alerts go besides the log
 * @param lifecycle how deprecated and retired versions are treated
 */
public record MeshConfig(
    String httpHost,
    int httpPort,
    int flightPort,
    Optional<String> kafkaBootstrapServers,
    int kafkaEmbeddedPort,
    AuthSettings auth,
    OpenLineageSettings openLineage,
    AlertSettings alerts,
    LifecycleSettings lifecycle) {
  /** The file name under the data folder. */
  public static final String FILE = "quanta.yaml";

  public static final MeshConfig DEFAULTS =
      new MeshConfig(
          "127.0.0.1",
          8080,
          31337,
          Optional.empty(),
          9092,
          AuthSettings.DEFAULTS,
          OpenLineageSettings.NONE,
          AlertSettings.NONE,
          LifecycleSettings.DEFAULTS);

  private static final String JWT_SECTION = "auth.jwt";
  private static final String JWT = JWT_SECTION + ".";
  private static final String CLAIMS = JWT + "claims.";
  private static final String LINEAGE_SECTION = "openlineage";
  private static final String LINEAGE = LINEAGE_SECTION + ".";
  private static final String ALERTS_SECTION = "alerts";
  private static final String WEBHOOK_SECTION = ALERTS_SECTION + ".webhook";
  private static final String WEBHOOK = WEBHOOK_SECTION + ".";
  private static final String LIFECYCLE_SECTION = "lifecycle";
  private static final String LIFECYCLE = LIFECYCLE_SECTION + ".";

  /** The sections of the file: mappings of settings. */
  private static final Set<String> SECTIONS =
      Set.of(
          "http",
          "flight",
          "kafka",
          "auth",
          JWT_SECTION,
          JWT + "claims",
          LINEAGE_SECTION,
          ALERTS_SECTION,
          WEBHOOK_SECTION,
          LIFECYCLE_SECTION);

  private static final Set<String> KEYS =
      Set.of(
          "http.host",
          "http.port",
          "flight.port",
          "kafka.bootstrap-servers",
          "kafka.embedded-port",
          "auth.anonymous",
          JWT + "issuer",
          JWT + "audience",
          JWT + "hs256-secret-env",
          JWT + "jwks-file",
          CLAIMS + "user",
          CLAIMS + "groups",
          CLAIMS + "roles",
          CLAIMS + "attributes",
          LINEAGE + "transport",
          LINEAGE + "file",
          LINEAGE + "url",
          LINEAGE + "api-key-env",
          LINEAGE + "namespace",
          WEBHOOK + "url",
          WEBHOOK + "headers",
          WEBHOOK + "timeout",
          LIFECYCLE + "refuse-new-consumers-of-deprecated",
          LIFECYCLE + "retention",
          LIFECYCLE + "consumer-window");

  /** What an environment variable's name looks like (POSIX), as opposed to a pasted secret. */
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A reference to an environment variable in a header value, maybe malformed or unclosed. */
  private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\{([^}]*)(})?");

  /** What an HTTP header's name looks like (RFC 9110 token). */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers that Java's HTTP client or Quanta itself sets. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade");

  public MeshConfig {
    requireNonNull(httpHost, "httpHost is null");
    requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
    requireNonNull(auth, "auth is null");
    requireNonNull(openLineage, "openLineage is null");
    requireNonNull(alerts, "alerts is null");
    requireNonNull(lifecycle, "lifecycle is null");
  }

  /** Settings with the default lifecycle settings. */
  public MeshConfig(
      String httpHost,
      int httpPort,
      int flightPort,
      Optional<String> kafkaBootstrapServers,
      int kafkaEmbeddedPort,
      AuthSettings auth,
      OpenLineageSettings openLineage,
      AlertSettings alerts) {
    this(
        httpHost,
        httpPort,
        flightPort,
        kafkaBootstrapServers,
        kafkaEmbeddedPort,
        auth,
        openLineage,
        alerts,
        LifecycleSettings.DEFAULTS);
  }

  /** Settings without an alerts webhook. */
  public MeshConfig(
      String httpHost,
      int httpPort,
      int flightPort,
      Optional<String> kafkaBootstrapServers,
      int kafkaEmbeddedPort,
      AuthSettings auth,
      OpenLineageSettings openLineage) {
    this(
        httpHost,
        httpPort,
        flightPort,
        kafkaBootstrapServers,
        kafkaEmbeddedPort,
        auth,
        openLineage,
        AlertSettings.NONE);
  }

  /** Settings without OpenLineage events. */
  public MeshConfig(
      String httpHost,
      int httpPort,
      int flightPort,
      Optional<String> kafkaBootstrapServers,
      int kafkaEmbeddedPort,
      AuthSettings auth) {
    this(
        httpHost,
        httpPort,
        flightPort,
        kafkaBootstrapServers,
        kafkaEmbeddedPort,
        auth,
        OpenLineageSettings.NONE);
  }

  /** The Kafka cluster runs publish to and stream inputs read from by default. */
  public String kafka() {
    return kafkaBootstrapServers.orElse("127.0.0.1:" + kafkaEmbeddedPort);
  }

  /** Whether the mesh uses a Kafka cluster of its own rather than the embedded broker. */
  public boolean externalKafka() {
    return kafkaBootstrapServers.isPresent();
  }

  /**
   * Reads {@code quanta.yaml} from the data folder; the defaults when there is none (or it is
   * empty).
   *
   * @throws QuantaException {@code INVALID_REQUEST} listing every bad setting, each with its
   *     file:line:column and key
   */
  public static MeshConfig load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return DEFAULTS;
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (isEmpty(text)) {
      return DEFAULTS;
    }
    YamlTree.Result yaml = YamlTree.read(file.toString(), text);
    if (yaml.tree().isEmpty()) {
      throw invalid(file, yaml.problems());
    }
    Settings settings = new Settings(yaml.locations(), yaml.problems());
    settings.read(yaml.tree().get());
    MeshConfig config =
        new MeshConfig(
            settings.text("http.host").orElse(DEFAULTS.httpHost()),
            settings.port("http.port").orElse(DEFAULTS.httpPort()),
            settings.port("flight.port").orElse(DEFAULTS.flightPort()),
            settings.text("kafka.bootstrap-servers"),
            settings.port("kafka.embedded-port").orElse(DEFAULTS.kafkaEmbeddedPort()),
            auth(dataDir, settings),
            openLineage(settings),
            alerts(settings),
            lifecycle(settings));
    if (!settings.problems.isEmpty()) {
      throw invalid(file, settings.problems);
    }
    return config;
  }

  /** Whether the text holds no YAML document: nothing, or only comments. */
  private static boolean isEmpty(String text) {
    try {
      return new Load(LoadSettings.builder().build()).loadFromString(text) == null;
    } catch (YamlEngineException e) {
      return false; // reported with its location by YamlTree
    }
  }

  private static OpenLineageSettings openLineage(Settings settings) {
    String transportName = settings.text(LINEAGE + "transport").orElse("none");
    OpenLineageSettings.Transport transport;
    try {
      transport = OpenLineageSettings.Transport.valueOf(transportName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      settings.problem(
          LINEAGE + "transport", "must be none, file or http, not '" + transportName + "'");
      return OpenLineageSettings.NONE;
    }
    Optional<Path> file = settings.text(LINEAGE + "file").map(Path::of);
    Optional<URI> url = Optional.empty();
    Optional<String> urlText = settings.text(LINEAGE + "url");
    if (urlText.isPresent()) {
      try {
        URI parsed = new URI(urlText.get());
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
          throw new URISyntaxException(urlText.get(), "not an http or https URL");
        }
        url = Optional.of(parsed);
      } catch (URISyntaxException e) {
        settings.problem(
            LINEAGE + "url",
            "must be the http(s) URL of an OpenLineage backend, like http://marquez:5000, not '"
                + urlText.get()
                + "'");
      }
    }
    Optional<String> apiKeyEnv = settings.text(LINEAGE + "api-key-env");
    if (apiKeyEnv.isPresent() && !VARIABLE_NAME.matcher(apiKeyEnv.get()).matches()) {
      // Not echoed: it may be the key itself.
      settings.problem(
          LINEAGE + "api-key-env",
          "must be the name of the environment variable holding the API key (like"
              + " MARQUEZ_API_KEY), never the key itself");
      apiKeyEnv = Optional.empty();
    }
    String namespace = settings.text(LINEAGE + "namespace").orElse("quanta");
    if (transport == OpenLineageSettings.Transport.FILE && file.isEmpty()) {
      settings.problem(
          LINEAGE_SECTION,
          "the file transport needs 'file': the JSON lines file events are appended to");
      return OpenLineageSettings.NONE;
    }
    if (transport == OpenLineageSettings.Transport.HTTP && url.isEmpty()) {
      if (urlText.isEmpty()) {
        settings.problem(
            LINEAGE_SECTION,
            "the http transport needs 'url': the OpenLineage backend, like http://marquez:5000");
      }
      return OpenLineageSettings.NONE;
    }
    return new OpenLineageSettings(transport, file, url, apiKeyEnv, namespace);
  }

  private static LifecycleSettings lifecycle(Settings settings) {
    LifecycleSettings defaults = LifecycleSettings.DEFAULTS;
    return new LifecycleSettings(
        settings
            .flag(LIFECYCLE + "refuse-new-consumers-of-deprecated")
            .orElse(defaults.refuseNewConsumersOfDeprecated()),
        duration(settings, LIFECYCLE + "retention", false).orElse(defaults.retention()),
        duration(settings, LIFECYCLE + "consumer-window", true).orElse(defaults.consumerWindow()));
  }

  /** An ISO-8601 duration in days, hours, minutes and seconds ({@code P30D}, {@code PT12H}). */
  private static Optional<Duration> duration(Settings settings, String key, boolean positive) {
    Optional<String> text = settings.text(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration duration = Duration.parse(text.get());
      if (duration.isNegative() || (positive && duration.isZero())) {
        throw new DateTimeParseException("out of range", text.get(), 0);
      }
      return Optional.of(duration);
    } catch (DateTimeParseException e) {
      settings.problem(
          key,
          "must be "
              + (positive ? "a positive" : "an")
              + " ISO-8601 duration, like P30D or PT12H, not '"
              + text.get()
              + "'");
      return Optional.empty();
    }
  }

  private static AlertSettings alerts(Settings settings) {
    if (!settings.has(WEBHOOK_SECTION)) {
      return AlertSettings.NONE;
    }
    Optional<String> urlText = settings.text(WEBHOOK + "url");
    Optional<URI> url = Optional.empty();
    if (urlText.isPresent()) {
      try {
        URI parsed = new URI(urlText.get());
        boolean web = "http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme());
        if (!web || parsed.getHost() == null) {
          throw new URISyntaxException(urlText.get(), "not an http or https URL");
        }
        url = Optional.of(parsed);
      } catch (URISyntaxException e) {
        settings.problem(
            WEBHOOK + "url",
            "must be the http(s) URL alerts are posted to, like https://hooks.example.com/quanta,"
                + " not '"
                + urlText.get()
                + "'");
      }
    } else if (!settings.has(WEBHOOK + "url")) {
      settings.problem(
          WEBHOOK_SECTION,
          "the webhook needs 'url': where alerts are posted, like https://hooks.example.com/quanta");
    }
    Map<String, String> headers = webhookHeaders(settings);
    Duration timeout = AlertSettings.Webhook.DEFAULT_TIMEOUT;
    Optional<String> timeoutText = settings.text(WEBHOOK + "timeout");
    if (timeoutText.isPresent()) {
      try {
        timeout = Duration.parse(timeoutText.get());
        if (timeout.isNegative() || timeout.isZero()) {
          throw new DateTimeParseException("not positive", timeoutText.get(), 0);
        }
      } catch (DateTimeParseException e) {
        settings.problem(
            WEBHOOK + "timeout",
            "must be a positive ISO-8601 duration, like PT5S, not '" + timeoutText.get() + "'");
        timeout = AlertSettings.Webhook.DEFAULT_TIMEOUT;
      }
    }
    if (url.isEmpty()) {
      return AlertSettings.NONE; // reported above
    }
    return new AlertSettings(Optional.of(new AlertSettings.Webhook(url.get(), headers, timeout)));
  }

  /** The webhook's headers: names HTTP accepts, text values whose ${NAME}s are variable names. */
  private static Map<String, String> webhookHeaders(Settings settings) {
    String key = WEBHOOK + "headers";
    Optional<JsonNode> node = settings.node(key);
    if (node.isEmpty()) {
      return Map.of();
    }
    if (!node.get().isObject()) {
      settings.problem(
          key, "must be a mapping of header names to values, like {Authorization: Bearer ...}");
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    node.get()
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              String path = key + "." + name;
              JsonNode value = field.getValue();
              if (!HEADER_NAME.matcher(name).matches()) {
                settings.keyProblem(path, "is not a valid HTTP header name");
              } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                settings.keyProblem(path, "is set by Quanta and cannot be configured");
              } else if (!value.isValueNode() || value.isNull() || value.asText().isBlank()) {
                // Not echoed: it may be a secret.
                settings.problem(path, "must be a text value");
              } else if (value.asText().chars().anyMatch(c -> c == '\r' || c == '\n')) {
                settings.problem(path, "must be one line");
              } else if (!referencesVariablesOnly(value.asText())) {
                settings.problem(
                    path,
                    "references an environment variable as ${NAME}, where NAME is a variable"
                        + " name like HOOK_TOKEN; a '${' must close with '}'");
              } else {
                headers.put(name, value.asText());
              }
            });
    return headers;
  }

  /** Whether every {@code ${...}} of a header value names an environment variable. */
  private static boolean referencesVariablesOnly(String value) {
    Matcher reference = VARIABLE_REFERENCE.matcher(value);
    while (reference.find()) {
      if (reference.group(2) == null || !VARIABLE_NAME.matcher(reference.group(1)).matches()) {
        return false;
      }
    }
    return true;
  }

  private static AuthSettings auth(Path dataDir, Settings settings) {
    boolean anonymous = settings.flag("auth.anonymous").orElse(false);
    if (!settings.has(JWT_SECTION)) {
      return new AuthSettings(anonymous, Optional.empty());
    }
    Optional<String> secretEnv = settings.text(JWT + "hs256-secret-env");
    if (secretEnv.isPresent() && !VARIABLE_NAME.matcher(secretEnv.get()).matches()) {
      // Not echoed: it may be the secret itself.
      settings.problem(
          JWT + "hs256-secret-env",
          "must be the name of the environment variable holding the HS256 secret (like"
              + " QUANTA_JWT_SECRET), never the secret itself");
      secretEnv = Optional.empty();
    }
    Optional<String> jwksName = settings.text(JWT + "jwks-file");
    Optional<Path> jwks = jwksName.map(dataDir::resolve);
    if (jwks.isPresent() && !Files.isRegularFile(jwks.get())) {
      settings.problem(
          JWT + "jwks-file",
          "the JWKS file "
              + jwks.get()
              + " does not exist (a relative path is relative to the data folder)");
    }
    if (!settings.has(JWT + "hs256-secret-env") && jwksName.isEmpty()) {
      settings.problem(
          JWT_SECTION,
          "JWTs need a key: 'hs256-secret-env' (the name of the environment variable holding an"
              + " HS256 secret) or 'jwks-file' (a JSON Web Key Set file of RS256 public keys)");
    }
    JwtSettings.ClaimNames defaults = JwtSettings.ClaimNames.DEFAULTS;
    JwtSettings.ClaimNames claims =
        new JwtSettings.ClaimNames(
            settings.text(CLAIMS + "user").orElse(defaults.user()),
            settings.text(CLAIMS + "groups").orElse(defaults.groups()),
            settings.text(CLAIMS + "roles").orElse(defaults.roles()),
            settings.names(CLAIMS + "attributes"));
    if (secretEnv.isEmpty() && jwks.isEmpty()) {
      return new AuthSettings(anonymous, Optional.empty()); // reported above
    }
    return new AuthSettings(
        anonymous,
        Optional.of(
            new JwtSettings(
                settings.text(JWT + "issuer"),
                settings.text(JWT + "audience"),
                secretEnv,
                jwks,
                claims)));
  }

  private static QuantaException invalid(Path file, List<Problem> found) {
    List<Problem> problems =
        found.stream()
            .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
            .toList();
    StringBuilder message =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" in the mesh config ")
            .append(file);
    problems.forEach(problem -> message.append("\n  ").append(problem));
    return new QuantaException(ErrorCode.INVALID_REQUEST, message.toString(), problems);
  }

  /**
   * The settings of the file by key ({@code auth.jwt.issuer}), and every problem found reading
   * them, each where it is in the file.
   */
  private static final class Settings {
    private final SourceMap locations;
    private final List<Problem> problems;
    private final Map<String, JsonNode> values = new LinkedHashMap<>();
    private final Set<String> sections = new TreeSet<>();

    Settings(SourceMap locations, List<Problem> problems) {
      this.locations = locations;
      this.problems = new ArrayList<>(problems);
    }

    void read(JsonNode root) {
      if (!root.isObject()) {
        problems.add(
            locations.problem(
                "", "expected settings like 'kafka: {bootstrap-servers: host:9092}'"));
        return;
      }
      flatten("", root);
    }

    private void flatten(String section, JsonNode node) {
      node.fields()
          .forEachRemaining(
              field -> {
                String key = section.isEmpty() ? field.getKey() : section + "." + field.getKey();
                JsonNode value = field.getValue();
                if (SECTIONS.contains(key)) {
                  sections.add(key);
                  if (value.isObject()) {
                    flatten(key, value);
                  } else if (!value.isNull()) {
                    problems.add(
                        locations.problem(
                            key, "is a section of settings (" + known(key) + "), not a value"));
                  }
                } else if (KEYS.contains(key)) {
                  if (!value.isNull()) {
                    values.put(key, value);
                  }
                } else {
                  String known = known(section);
                  problems.add(
                      locations.keyProblem(
                          key,
                          "unknown setting"
                              + (section.isEmpty() ? "" : " in '" + section + "'")
                              + (known.isEmpty() ? "" : "; known settings: " + known)));
                }
              });
    }

    /** The settings and sections directly under a section ("" for the top level). */
    private static String known(String section) {
      String prefix = section.isEmpty() ? "" : section + ".";
      TreeSet<String> names = new TreeSet<>();
      for (String key : KEYS) {
        if (key.startsWith(prefix)) {
          names.add(key.substring(prefix.length()).split("\\.", 2)[0]);
        }
      }
      return String.join(", ", names);
    }

    /** Whether the file has the setting, or the section (even empty). */
    boolean has(String key) {
      return values.containsKey(key) || sections.contains(key);
    }

    void problem(String key, String message) {
      problems.add(locations.problem(key, message));
    }

    void keyProblem(String key, String message) {
      problems.add(locations.keyProblem(key, message));
    }

    /** The setting as written (a value, a list or a mapping). */
    Optional<JsonNode> node(String key) {
      return Optional.ofNullable(values.get(key));
    }

    Optional<String> text(String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.isValueNode()) {
        problem(key, "must be a text, not a list or a mapping");
        return Optional.empty();
      }
      String text = value.asText().strip();
      if (text.isEmpty()) {
        problem(key, "is empty");
        return Optional.empty();
      }
      return Optional.of(text);
    }

    Optional<Integer> port(String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= 65535) {
        return Optional.of(value.asInt());
      }
      problem(key, "must be a port number between 0 and 65535, not " + value);
      return Optional.empty();
    }

    Optional<Boolean> flag(String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (value.isBoolean()) {
        return Optional.of(value.asBoolean());
      }
      problem(key, "must be true or false, not " + value);
      return Optional.empty();
    }

    /** A list of names, or one name. */
    List<String> names(String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (JsonNode item : value.isArray() ? value : List.of(value)) {
        if (!item.isTextual() || item.asText().isBlank()) {
          problem(key, "must be a list of claim names, like [country, department]; not " + value);
          return List.of();
        }
        names.add(item.asText().strip());
      }
      return names;
    }
  }
}
