package io.quanta.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Product specs for the search benchmark, generated from a fixed vocabulary of a streaming-media
 * company (domains, nouns, qualifiers, columns, tags) with a fixed seed: the same count gives the
 * same specs. Each is a spec a user could have written: names like {@code
 * daily-listeners-by-country}, one to three output ports of four to twelve columns with
 * descriptions, some classified {@code pii} or {@code confidential}, tags, owners and a sentence of
 * description.
 */
final class GeneratedProducts {
  /** A generated spec: its address and its YAML text. */
  record Product(
      String domain, String name, String yaml, List<String> ports, List<String> columns) {
    String address() {
      return domain + "/" + name;
    }
  }

  static final List<String> DOMAINS =
      List.of(
          "podcasts",
          "users",
          "artists",
          "advertising",
          "finance",
          "marketing",
          "music",
          "playback",
          "recommendations",
          "subscriptions",
          "support",
          "content");

  static final List<String> NOUNS =
      List.of(
          "listeners",
          "plays",
          "sessions",
          "streams",
          "episodes",
          "payments",
          "revenue",
          "subscriptions",
          "churn",
          "campaigns",
          "impressions",
          "clicks",
          "devices",
          "playlists",
          "tracks",
          "albums",
          "royalties",
          "refunds",
          "tickets",
          "searches",
          "ratings",
          "reviews",
          "downloads",
          "budgets",
          "invoices",
          "trials",
          "cohorts",
          "genres",
          "charts",
          "skips",
          "shares",
          "follows",
          "profiles",
          "registrations",
          "conversions",
          "retention",
          "audiences",
          "creators",
          "contracts",
          "licenses",
          "releases",
          "catalog",
          "notifications",
          "offers",
          "discounts",
          "households",
          "accounts",
          "balances",
          "payouts",
          "engagement");

  static final List<String> QUALIFIERS =
      List.of(
          "daily",
          "weekly",
          "monthly",
          "hourly",
          "top",
          "emerging",
          "active",
          "lost",
          "new",
          "returning",
          "regional",
          "global",
          "mobile",
          "premium",
          "free",
          "raw",
          "enriched",
          "trending",
          "paid",
          "organic",
          "verified",
          "late",
          "first",
          "repeat",
          "family");

  static final List<String> SUFFIXES =
      List.of(
          "",
          "",
          "",
          "by-country",
          "by-device",
          "by-genre",
          "by-age-band",
          "summary",
          "events",
          "snapshot",
          "forecast",
          "funnel",
          "history",
          "scores");

  static final List<String> TAGS =
      List.of(
          "marketing",
          "finance",
          "kpi",
          "reporting",
          "realtime",
          "experimental",
          "certified",
          "ml-features",
          "gdpr",
          "executive",
          "partner",
          "core",
          "deprecated-soon",
          "sandbox",
          "billing",
          "growth",
          "quality",
          "compliance",
          "operations",
          "editorial",
          "ads",
          "personalization",
          "demographics",
          "charts",
          "catalog",
          "events",
          "streaming",
          "mobile",
          "web",
          "audit");

  /** Columns: name, type, description, classification (empty for none), semantic (or empty). */
  static final List<String[]> COLUMNS =
      List.of(
          column("user_id", "string", "The listener's pseudonymous identifier.", "", "user-id"),
          column("podcast_id", "string", "The podcast's identifier.", "", "podcast-id"),
          column("artist_id", "string", "The artist who publishes it.", "", "artist-id"),
          column("episode_id", "string", "The episode's identifier.", "", "episode-id"),
          column("track_id", "string", "The track's identifier.", "", "track-id"),
          column("campaign_id", "string", "The advertising campaign.", "", "campaign-id"),
          column("account_id", "string", "The paying account.", "", "account-id"),
          column("device_id", "string", "The device the app runs on.", "", ""),
          column(
              "country",
              "string",
              "Where the listener is, ISO 3166 alpha-2.",
              "",
              "iso-3166-alpha2"),
          column("region", "string", "The sales region.", "", ""),
          column("city", "string", "The listener's city.", "pii", ""),
          column("email", "string", "The address the user signed up with.", "pii", "email"),
          column("phone_number", "string", "For account recovery.", "pii", ""),
          column("birth_date", "date", "As the user gave it at sign-up.", "pii", ""),
          column("ip_address", "string", "The client's address when it connected.", "pii", ""),
          column("full_name", "string", "As written on the account.", "pii", ""),
          column("iban", "string", "Where payouts are transferred.", "confidential", ""),
          column(
              "salary_band", "string", "Of the employee handling the ticket.", "confidential", ""),
          column("age_band", "string", "Under 18, 18-24, 25-34, 35-54 or 55 plus.", "", ""),
          column("gender", "string", "As the user chose to declare it.", "sensitive", ""),
          column("day", "date", "The calendar day, UTC.", "", ""),
          column("month", "date", "The first day of the month.", "", ""),
          column("hour", "timestamp", "The start of the hour, UTC.", "", ""),
          column("played_at", "timestamp", "When the play started.", "", ""),
          column("signed_up_at", "timestamp", "When the account was created.", "", ""),
          column("listens", "bigint", "Plays of at least 30 seconds.", "", ""),
          column("listener_count", "bigint", "Distinct listeners.", "", ""),
          column("seconds_played", "bigint", "Total listening time.", "", ""),
          column("skip_rate", "double", "Share of plays skipped in the first 30 seconds.", "", ""),
          column("completion_rate", "double", "Share of episodes played to the end.", "", ""),
          column("revenue", "decimal(18,2)", "Gross revenue in euros.", "", ""),
          column("amount", "decimal(12,2)", "In euros.", "", ""),
          column("fee", "decimal(12,2)", "What the platform keeps.", "", ""),
          column("currency", "string", "ISO 4217 code.", "", "iso-4217"),
          column("impressions", "bigint", "Ads shown.", "", ""),
          column("clicks", "bigint", "Ads clicked.", "", ""),
          column("conversions", "bigint", "Sign-ups attributed to the campaign.", "", ""),
          column("ctr", "double", "Clicks per impression.", "", ""),
          column("budget", "decimal(12,2)", "Planned spend.", "", ""),
          column("genre", "string", "The main genre.", "", ""),
          column("language", "string", "ISO 639-1 code.", "", "iso-639-1"),
          column("title", "string", "As the publisher spells it.", "", ""),
          column("rank", "integer", "1 is the most played.", "", ""),
          column("score", "double", "Model output between 0 and 1.", "", ""),
          column("rating", "double", "Average stars, 1 to 5.", "", ""),
          column("plan", "string", "free, premium or family.", "", ""),
          column("is_trial", "boolean", "Whether the subscription is a trial.", "", ""),
          column("churned", "boolean", "Whether the account cancelled in the month.", "", ""),
          column("ticket_id", "string", "The support ticket.", "", ""),
          column("status", "string", "open, pending or closed.", "", ""),
          column("platform", "string", "ios, android or web.", "", ""),
          column("app_version", "string", "The client's version.", "", ""),
          column("search_term", "string", "What the user typed.", "", ""),
          column("results", "integer", "How many results the search showed.", "", ""),
          column("playlist_id", "string", "The playlist's identifier.", "", "playlist-id"),
          column("followers", "bigint", "Accounts following.", "", ""),
          column("release_date", "date", "When it came out.", "", ""),
          column("contract_id", "string", "The licensing contract.", "", ""),
          column("royalty_rate", "double", "Share of revenue paid out.", "", ""),
          column("household_id", "string", "Accounts sharing a family plan.", "", ""));

  static final List<String> PORT_NAMES =
      List.of("events", "daily", "monthly", "summary", "by-country", "latest", "history", "scores");

  static final List<String> SOURCES =
      List.of(
          "the player",
          "the billing service",
          "the ad server",
          "the mobile apps",
          "the web player",
          "the finance ledger",
          "the support desk",
          "the catalog service",
          "the recommendation models",
          "the registration service");

  private GeneratedProducts() {}

  private static String[] column(
      String name, String type, String description, String classification, String semantic) {
    return new String[] {name, type, description, classification, semantic};
  }

  /** {@code count} products with distinct addresses, the same for the same count and seed. */
  static List<Product> generate(int count, long seed) {
    Random random = new Random(seed);
    Set<String> taken = new HashSet<>();
    List<Product> products = new ArrayList<>(count);
    while (products.size() < count) {
      String domain = pick(random, DOMAINS);
      String noun = pick(random, NOUNS);
      StringBuilder name = new StringBuilder();
      if (random.nextInt(4) > 0) {
        name.append(pick(random, QUALIFIERS)).append('-');
      }
      name.append(noun);
      if (random.nextInt(3) == 0) {
        name.append('-').append(pick(random, NOUNS));
      }
      String suffix = pick(random, SUFFIXES);
      if (!suffix.isEmpty()) {
        name.append('-').append(suffix);
      }
      String base = name.toString();
      String unique = base;
      for (int n = 2; !taken.add(domain + "/" + unique); n++) {
        // Not "-v<n>": that suffix is reserved for pinning a major version in SQL.
        unique = base + "-" + n;
      }
      products.add(product(random, domain, unique, noun));
    }
    return products;
  }

  private static Product product(Random random, String domain, String name, String noun) {
    String owner =
        domain
            + "-"
            + List.of("team", "analytics", "platform").get(random.nextInt(3))
            + "@example.com";
    String kind = List.of("source-aligned", "aggregate", "consumer-aligned").get(random.nextInt(3));
    Set<String> tags = new java.util.LinkedHashSet<>();
    int tagCount = 1 + random.nextInt(3);
    while (tags.size() < tagCount) {
      tags.add(pick(random, TAGS));
    }
    String words = name.replace('-', ' ');
    String description =
        Character.toUpperCase(words.charAt(0))
            + words.substring(1)
            + switch (random.nextInt(4)) {
              case 0 -> ", as " + pick(random, SOURCES) + " reports them.";
              case 1 -> " per day and country, from " + pick(random, SOURCES) + ".";
              case 2 -> ", for the " + pick(random, TAGS) + " dashboards.";
              default -> ", corrected when " + pick(random, SOURCES) + " resends them.";
            };
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: quanta/v1\nkind: DataProduct\nmetadata:\n");
    yaml.append("  domain: ").append(domain).append('\n');
    yaml.append("  name: ").append(name).append('\n');
    yaml.append("  version: 1.").append(random.nextInt(5)).append(".0\n");
    yaml.append("  owner: ").append(owner).append('\n');
    yaml.append("  description: \"").append(description).append("\"\n");
    yaml.append("  kind: ").append(kind).append('\n');
    yaml.append("  tags: [").append(String.join(", ", tags)).append("]\n");
    yaml.append("inputs:\n  - name: source\n    file: data/").append(noun).append(".csv\n");
    yaml.append("outputs:\n");
    int portCount = 1 + random.nextInt(3);
    Set<String> portNames = new java.util.LinkedHashSet<>();
    while (portNames.size() < portCount) {
      portNames.add(pick(random, PORT_NAMES));
    }
    List<String> allColumns = new ArrayList<>();
    for (String port : portNames) {
      int columnCount = 4 + random.nextInt(9);
      List<String[]> columns = new ArrayList<>();
      Set<String> names = new HashSet<>();
      while (columns.size() < columnCount) {
        String[] column = pick(random, COLUMNS);
        if (names.add(column[0])) {
          columns.add(column);
        }
      }
      List<String> columnNames = columns.stream().map(c -> c[0]).toList();
      allColumns.addAll(columnNames);
      yaml.append("  - name: ").append(port).append('\n');
      yaml.append("    description: \"")
          .append(Character.toUpperCase(port.charAt(0)))
          .append(port.substring(1).replace('-', ' '))
          .append(" ")
          .append(noun)
          .append(".\"\n");
      yaml.append("    sql: SELECT ")
          .append(String.join(", ", columnNames))
          .append(" FROM source\n");
      yaml.append("    schema:\n");
      for (String[] column : columns) {
        yaml.append("      - {name: ")
            .append(column[0])
            .append(", type: \"")
            .append(column[1])
            .append("\", description: \"")
            .append(column[2])
            .append('"');
        if (!column[3].isEmpty()) {
          yaml.append(", classification: ").append(column[3]);
        }
        if (!column[4].isEmpty()) {
          yaml.append(", semantic: ").append(column[4]);
        }
        yaml.append("}\n");
      }
    }
    return new Product(domain, name, yaml.toString(), List.copyOf(portNames), allColumns);
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A lower-case word with one edit, as a hurried user types it: a letter left out or swapped. */
  static String typo(Random random, String word) {
    int at = 1 + random.nextInt(word.length() - 2);
    if (random.nextBoolean()) {
      return word.substring(0, at) + word.substring(at + 1);
    }
    return word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
