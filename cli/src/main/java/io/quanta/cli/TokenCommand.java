package io.quanta.cli;

import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.auth.TokenService;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.TokenRecord;
import io.quanta.ports.sql.ReadOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "token",
    description = {
      "Create, list and revoke the bearer tokens that identify users to the mesh.",
      "A token stands for a user with groups, roles and attributes; the HTTP API takes it as 'Authorization: Bearer <token>', Flight SQL as token= in the JDBC URL, the CLI as --token or $QUANTA_TOKEN. The mesh stores only a hash of each token: it is shown once, when it is created."
    },
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand extends MeshCommand implements Callable<Integer> {
  /** Attribute names policies can use as {@code principal.attributes.<name>}. */
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  TokenService tokens(Registry registry) {
    return new TokenService(registry.tokens(), Clock.systemUTC());
  }

  @Command(
      name = "create",
      description = {
        "Create a token and print it (only this once) on standard output.",
        "",
        "Example: export QUANTA_TOKEN=$(quanta token create --user alice --group analysts --role pii-reader --attr country=DE --expires P90D)"
      })
  static final class Create implements Callable<Integer> {
    @ParentCommand TokenCommand token;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The user the token stands for.")
    String user;

    @Option(
        names = "--group",
        split = ",",
        paramLabel = "GROUP",
        description = "A group of the user (repeat, or separate with commas).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--role",
        split = ",",
        paramLabel = "ROLE",
        description = "A role of the user, e.g. governance (repeat, or separate with commas).")
    List<String> roles = new ArrayList<>();

    @Option(
        names = "--attr",
        paramLabel = "NAME=VALUE",
        description =
            "An attribute of the user, e.g. country=DE (repeat; a name given twice holds a list).")
    List<String> attributes = new ArrayList<>();

    @Option(
        names = "--expires",
        paramLabel = "WHEN",
        description =
            "When the token stops working: after a duration (P30D, PT12H, P1Y) or at a time"
                + " (2026-12-31, 2026-12-31T18:00:00Z). Default: never.")
    String expires;

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "What the token is for, shown by quanta token list.")
    String description = "";

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      Principal principal =
          new Principal(
              name("--user", user),
              names("--group", groups),
              names("--role", roles),
              attributes(attributes),
              false);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      Optional<Instant> expiresAt =
          expires == null ? Optional.empty() : Optional.of(expiry(expires, now));
      try (Registry registry = token.openRegistry()) {
        TokenService.IssuedToken issued =
            token.tokens(registry).create(principal, description, expiresAt);
        console.println(issued.token());
        TokenRecord record = issued.record();
        console.note(
            "created token "
                + record.id()
                + " for "
                + describe(record.principal())
                + ", "
                + record.expiresAt().map(time -> "expires " + time).orElse("never expires")
                + "; it is shown only this once");
        return 0;
      }
    }

    private static String name(String option, String value) {
      String name = value == null ? "" : value.strip();
      if (name.isEmpty()) {
        throw QuantaException.invalidRequest(option + " must not be empty");
      }
      return name;
    }

    private static LinkedHashSet<String> names(String option, List<String> values) {
      LinkedHashSet<String> names = new LinkedHashSet<>();
      values.forEach(value -> names.add(name(option, value)));
      return names;
    }

    /** {@code name=value} pairs; a name given more than once holds the list of its values. */
    static Map<String, Object> attributes(List<String> pairs) {
      Map<String, List<String>> values = new LinkedHashMap<>();
      for (String pair : pairs) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? "" : pair.substring(0, equals).strip();
        if (equals < 0 || !ATTRIBUTE_NAME.matcher(name).matches()) {
          throw QuantaException.invalidRequest(
              "--attr '"
                  + pair
                  + "' is not NAME=VALUE with a name of letters, digits, '_' and '-' (e.g."
                  + " country=DE)");
        }
        values.computeIfAbsent(name, key -> new ArrayList<>()).add(pair.substring(equals + 1));
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      values.forEach(
          (name, list) -> attributes.put(name, list.size() == 1 ? list.get(0) : List.copyOf(list)));
      return attributes;
    }

    /** A duration from now (P30D, PT12H, P1Y2M) or a time (2026-12-31). */
    static Instant expiry(String text, Instant now) {
      String value = text.strip().toUpperCase(Locale.ROOT);
      if (value.startsWith("P")) {
        try {
          return now.plus(Duration.parse(value));
        } catch (DateTimeParseException notADuration) {
          try {
            return now.atZone(ZoneOffset.UTC).plus(Period.parse(value)).toInstant();
          } catch (DateTimeParseException e) {
            throw QuantaException.invalidRequest(
                "--expires '"
                    + text
                    + "' is not a duration: use ISO-8601 such as P30D (30 days), PT12H (12 hours)"
                    + " or P1Y (a year)");
          }
        }
      }
      return ReadOptions.parseTime("--expires", text.strip());
    }
  }

  @Command(
      name = "list",
      description =
          "List the tokens: id, user, groups, roles, attributes, dates. Never the tokens.")
  static final class ListTokens implements Callable<Integer> {
    @ParentCommand TokenCommand token;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Registry registry = token.openRegistry()) {
        List<TokenRecord> tokens = token.tokens(registry).list();
        if (tokens.isEmpty()) {
          console.note("no token yet (quanta token create --user NAME)");
          return 0;
        }
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (TokenRecord record : tokens) {
          Principal principal = record.principal();
          rows.add(
              List.of(
                  record.id(),
                  principal.user(),
                  String.join(",", principal.groups().stream().sorted().toList()),
                  String.join(",", principal.roles().stream().sorted().toList()),
                  attributes(principal.attributes()),
                  record.createdAt().toString(),
                  record
                      .expiresAt()
                      .map(time -> time + (record.expiredAt(now) ? " (expired)" : ""))
                      .orElse("never"),
                  record.revokedAt().map(Instant::toString).orElse(""),
                  record.description()));
        }
        console.table(
            List.of(
                "ID",
                "USER",
                "GROUPS",
                "ROLES",
                "ATTRIBUTES",
                "CREATED",
                "EXPIRES",
                "REVOKED",
                "DESCRIPTION"),
            rows);
        return 0;
      }
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke a token: every request with it is refused from now on.")
  static final class Revoke implements Callable<Integer> {
    @ParentCommand TokenCommand token;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The token's id as quanta token list shows it (or the token itself).")
    String id;

    @Override
    public Integer call() {
      Console console = new Console(spec.commandLine().getOut(), spec.commandLine().getErr());
      try (Registry registry = token.openRegistry()) {
        TokenService.Revocation revocation = token.tokens(registry).revoke(id);
        TokenRecord record = revocation.token();
        console.println(
            revocation.now()
                ? "revoked token " + record.id() + " of " + record.principal().user()
                : "token "
                    + record.id()
                    + " of "
                    + record.principal().user()
                    + " was already revoked at "
                    + record.revokedAt().orElseThrow());
        return 0;
      }
    }
  }

  /** A principal in one line: the user, its groups, roles and attributes. */
  static String describe(Principal principal) {
    if (principal.anonymous()) {
      return "anonymous";
    }
    List<String> parts = new ArrayList<>();
    if (!principal.groups().isEmpty()) {
      parts.add("groups " + String.join(",", principal.groups().stream().sorted().toList()));
    }
    if (!principal.roles().isEmpty()) {
      parts.add("roles " + String.join(",", principal.roles().stream().sorted().toList()));
    }
    if (!principal.attributes().isEmpty()) {
      parts.add("attributes " + attributes(principal.attributes()));
    }
    return principal.user() + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
  }

  static String attributes(Map<String, Object> attributes) {
    return attributes.entrySet().stream()
        .map(
            entry ->
                entry.getKey()
                    + "="
                    + (entry.getValue() instanceof List<?> list
                        ? list.stream().map(Object::toString).collect(Collectors.joining("|"))
                        : entry.getValue()))
        .collect(Collectors.joining(","));
  }
}
