package io.quanta.examples;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DuckDB statements that generate the podcast mesh's source data. Every pseudo-random choice is
 * {@code hash(row, salt)} of the row's number and a salt distinct per choice, so that the data
 * depends on the number of plays only: not on threads, not on the time of day.
 */
final class MeshSql {
  /** The first day of plays (UTC). */
  static final LocalDate FIRST_PLAY_DAY = LocalDate.of(2026, 10, 22);

  /** The days of plays {@code generate} writes, the last one being 2026-11-20. */
  static final int PLAY_DAYS = 30;

  /** Users registered from this day until the day before the first play. */
  static final LocalDate FIRST_REGISTRATION_DAY = LocalDate.of(2024, 1, 1);

  /** Catalog podcasts were released from this day until {@link #LAST_CATALOG_RELEASE}. */
  static final LocalDate FIRST_CATALOG_RELEASE = LocalDate.of(2019, 1, 1);

  static final LocalDate LAST_CATALOG_RELEASE = LocalDate.of(2026, 10, 1);

  /** Artists are paid every month from this one until the month of the last play. */
  static final LocalDate FIRST_PAYMENT_MONTH = LocalDate.of(2026, 6, 1);

  static final int PAYMENT_MONTHS = 6;

  /** New releases come out from this day of the window on, the last one 24 days later. */
  static final int FIRST_RELEASE_OFFSET = 2;

  static final int RELEASE_SPREAD_DAYS = 24;

  /** How timestamps are written in CSV and JSON files: ISO 8601 in UTC. */
  static final String TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ";

  /** The title suffix a catalog correction appends. */
  static final String CORRECTED_TITLE_SUFFIX = " (Remastered)";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z]+)}");

  /**
   * A country users come from.
   *
   * @param code ISO 3166-1 alpha-2
   * @param name the English name
   * @param region the continent or sub-continent
   * @param cities where its users live
   * @param weight the share of users in percent
   * @param listed whether the countries reference file lists it
   */
  record Country(
      String code, String name, String region, List<String> cities, int weight, boolean listed) {
    Country {
      requireNonNull(code, "code is null");
      requireNonNull(name, "name is null");
      requireNonNull(region, "region is null");
      cities = List.copyOf(cities);
    }
  }

  /** Weights add up to 100; three countries (3% of users) are missing from countries.csv. */
  static final List<Country> COUNTRIES =
      List.of(
          new Country(
              "US",
              "United States",
              "North America",
              List.of("New York", "Chicago", "Austin", "Seattle"),
              22,
              true),
          new Country(
              "CA",
              "Canada",
              "North America",
              List.of("Toronto", "Montreal", "Vancouver"),
              6,
              true),
          new Country(
              "GB",
              "United Kingdom",
              "Europe",
              List.of("London", "Manchester", "Edinburgh"),
              12,
              true),
          new Country("DE", "Germany", "Europe", List.of("Berlin", "Munich", "Hamburg"), 10, true),
          new Country("FR", "France", "Europe", List.of("Paris", "Lyon", "Marseille"), 8, true),
          new Country("ES", "Spain", "Europe", List.of("Madrid", "Barcelona", "Valencia"), 7, true),
          new Country("IT", "Italy", "Europe", List.of("Rome", "Milan", "Naples"), 5, true),
          new Country(
              "SE", "Sweden", "Europe", List.of("Stockholm", "Gothenburg", "Uppsala"), 4, true),
          new Country(
              "BR",
              "Brazil",
              "Latin America",
              List.of("Recife", "Rio de Janeiro", "Salvador"),
              9,
              true),
          new Country(
              "MX",
              "Mexico",
              "Latin America",
              List.of("Mexico City", "Guadalajara", "Monterrey"),
              6,
              true),
          new Country("JP", "Japan", "Asia", List.of("Tokyo", "Osaka", "Kyoto"), 5, true),
          new Country("IN", "India", "Asia", List.of("Mumbai", "Bengaluru", "Delhi"), 3, true),
          new Country("NZ", "New Zealand", "Oceania", List.of("Auckland", "Wellington"), 1, false),
          new Country("KE", "Kenya", "Africa", List.of("Nairobi", "Mombasa"), 1, false),
          new Country(
              "AR", "Argentina", "Latin America", List.of("Buenos Aires", "Cordoba"), 1, false));

  private static final List<String> FIRST_NAMES =
      List.of(
          "alex", "sam", "maria", "li", "noah", "emma", "omar", "yuki", "lucas", "sofia", "ivan",
          "zoe", "kai", "nina", "leo", "ada", "ravi", "chloe", "mateo", "hana");
  private static final List<String> LAST_NAMES =
      List.of(
          "smith", "garcia", "muller", "rossi", "silva", "tanaka", "dubois", "khan", "novak",
          "berg", "lopez", "kim", "patel", "jones", "costa", "weber");
  private static final List<String> MAIL_DOMAINS =
      List.of("example.com", "example.org", "example.net");
  private static final List<String> TITLE_PREFIXES =
      List.of(
          "The Daily",
          "Curious",
          "Deep Dive:",
          "Late Night",
          "Weekend",
          "Hidden",
          "Modern",
          "Quiet",
          "Bold",
          "Open",
          "Everyday",
          "The Big");

  /** Topics and their categories, by position. */
  private static final List<String> TOPICS =
      List.of(
          "Science",
          "History",
          "Comedy",
          "Tech",
          "Football",
          "Cooking",
          "Money",
          "True Crime",
          "Music",
          "Health",
          "Parenting",
          "Film");

  private static final List<String> CATEGORIES =
      List.of(
          "science",
          "history",
          "comedy",
          "technology",
          "sports",
          "food",
          "business",
          "true-crime",
          "music",
          "health",
          "family",
          "arts");
  private static final List<String> TITLE_SUFFIXES =
      List.of(
          "Hour",
          "Show",
          "Podcast",
          "Talk",
          "Files",
          "Club",
          "Sessions",
          "Stories",
          "Radio",
          "Review");

  /** Weighted: English for four podcasts in ten. */
  private static final List<String> LANGUAGES =
      List.of("en", "en", "en", "en", "es", "de", "fr", "pt", "ja", "it");

  private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
  private static final List<String> PAID_PLANS = List.of("premium", "family", "student", "free");

  private MeshSql() {}

  /** The settings every generator connection starts with. */
  static List<String> settings() {
    return List.of(
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        "SET TimeZone = 'UTC'");
  }

  /** The countries table, with each country's share of users as a range of 0 to 99. */
  static String createCountries() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < COUNTRIES.size(); i++) {
      Country country = COUNTRIES.get(i);
      rows.add(
          "("
              + i
              + ", "
              + literal(country.code())
              + ", "
              + literal(country.name())
              + ", "
              + literal(country.region())
              + ", "
              + list(country.cities())
              + ", "
              + country.weight()
              + ", "
              + country.listed()
              + ")");
    }
    return bind(
        """
        CREATE TEMP TABLE countries AS
        SELECT code, name, region, cities, listed,
               CAST(sum(weight) OVER (ORDER BY position) - weight AS INTEGER) AS lower_bound,
               CAST(sum(weight) OVER (ORDER BY position) AS INTEGER) AS upper_bound
        FROM (VALUES ${rows}) AS listing(position, code, name, region, cities, weight, listed)
        """,
        Map.of("rows", String.join(", ", rows)));
  }

  /**
   * The users table: identifiers in registration order, registration times spread from 2024-01-01
   * to the day before the first play, ages at registration from 18 to 80 skewed young.
   */
  static String createUsers(MeshScale scale) {
    long registrationSeconds =
        ChronoUnit.SECONDS.between(
            FIRST_REGISTRATION_DAY.atStartOfDay(ZoneOffset.UTC),
            FIRST_PLAY_DAY.atStartOfDay(ZoneOffset.UTC));
    return bind(
        """
        CREATE TEMP TABLE users AS
        WITH drawn AS (
          SELECT i,
                 ${registrationStart} + to_seconds(CAST(floor((i + ${registrationJitter})
                     * ${registrationSeconds} / ${users}) AS BIGINT)) AS registered_at,
                 ${countryDraw} AS country_draw,
                 18 + CAST(floor(62 * pow(${ageDraw}, 1.7)) AS INTEGER) AS age,
                 ${birthdayShift} AS birthday_shift
          FROM range(${users}) AS numbers(i)
        )
        SELECT d.i AS user_index,
               ${userId} AS user_id,
               ${firstNames}[1 + ${firstName}] || '.' || ${lastNames}[1 + ${lastName}]
                   || CAST(d.i + 1 AS VARCHAR) || '@' || ${domains}[1 + ${domain}] AS email,
               CAST(CAST(d.registered_at AS DATE) - to_years(d.age) - to_days(d.birthday_shift)
                   AS DATE) AS birth_date,
               c.code AS country,
               c.cities[1 + CAST(hash(d.i, 18) % len(c.cities) AS BIGINT)] AS city,
               d.registered_at
        FROM drawn d
        JOIN countries c ON d.country_draw >= c.lower_bound AND d.country_draw < c.upper_bound
        """,
        Map.ofEntries(
            Map.entry("registrationStart", timestamp(FIRST_REGISTRATION_DAY)),
            Map.entry("registrationJitter", uniform("i", 11)),
            Map.entry("registrationSeconds", registrationSeconds),
            Map.entry("users", scale.users()),
            Map.entry("countryDraw", "CAST(" + draw("i", 12, 100) + " AS INTEGER)"),
            Map.entry("ageDraw", uniform("i", 13)),
            Map.entry("birthdayShift", "CAST(" + draw("i", 14, 365) + " AS INTEGER)"),
            Map.entry("userId", identifier("u", "d.i", scale.userDigits())),
            Map.entry("firstNames", list(FIRST_NAMES)),
            Map.entry("firstName", draw("d.i", 15, FIRST_NAMES.size())),
            Map.entry("lastNames", list(LAST_NAMES)),
            Map.entry("lastName", draw("d.i", 16, LAST_NAMES.size())),
            Map.entry("domains", list(MAIL_DOMAINS)),
            Map.entry("domain", draw("d.i", 17, MAIL_DOMAINS.size()))));
  }

  /**
   * The podcasts table: the catalog podcasts (released before the window, artist {@code i mod
   * catalogArtists}), then the new releases (one artist each, released between the window's third
   * and 27th day).
   */
  static String createPodcasts(MeshScale scale) {
    long catalogDays = ChronoUnit.DAYS.between(FIRST_CATALOG_RELEASE, LAST_CATALOG_RELEASE);
    return bind(
        """
        CREATE TEMP TABLE podcasts AS
        WITH drawn AS (
          SELECT i, ${topic} AS topic FROM range(${podcasts}) AS numbers(i)
        )
        SELECT i AS podcast_index,
               ${podcastId} AS podcast_id,
               ${prefixes}[1 + ${prefix}] || ' ' || ${topics}[1 + topic] || ' '
                   || ${suffixes}[1 + ${suffix}] AS title,
               'a' || lpad(CAST(CASE WHEN i < ${catalog} THEN i % ${catalogArtists}
                                     ELSE ${catalogArtists} + i - ${catalog} END + 1 AS VARCHAR),
                           4, '0') AS artist_id,
               ${categories}[1 + topic] AS category,
               ${languages}[1 + ${language}] AS language,
               CASE
                 WHEN i < ${catalog}
                   THEN ${firstCatalogRelease} + CAST(${catalogRelease} AS INTEGER)
                 ELSE ${firstPlayDay}
                   + CAST(${firstReleaseOffset} + ((i - ${catalog}) * ${spread}) // ${newReleases}
                          AS INTEGER)
               END AS released
        FROM drawn
        """,
        Map.ofEntries(
            Map.entry("topic", draw("i", 31, TOPICS.size())),
            Map.entry("podcasts", scale.podcasts()),
            Map.entry("podcastId", identifier("p", "i", 5)),
            Map.entry("prefixes", list(TITLE_PREFIXES)),
            Map.entry("prefix", draw("i", 32, TITLE_PREFIXES.size())),
            Map.entry("topics", list(TOPICS)),
            Map.entry("suffixes", list(TITLE_SUFFIXES)),
            Map.entry("suffix", draw("i", 33, TITLE_SUFFIXES.size())),
            Map.entry("catalog", scale.catalogPodcasts()),
            Map.entry("catalogArtists", scale.catalogArtists()),
            Map.entry("categories", list(CATEGORIES)),
            Map.entry("languages", list(LANGUAGES)),
            Map.entry("language", draw("i", 34, LANGUAGES.size())),
            Map.entry("firstCatalogRelease", date(FIRST_CATALOG_RELEASE)),
            Map.entry("catalogRelease", draw("i", 35, catalogDays)),
            Map.entry("firstPlayDay", date(FIRST_PLAY_DAY)),
            Map.entry("firstReleaseOffset", FIRST_RELEASE_OFFSET),
            Map.entry("spread", RELEASE_SPREAD_DAYS),
            Map.entry("newReleases", scale.newReleases())));
  }

  /** The artists table: each artist's first release and contract currency. */
  static String createArtists() {
    return bind(
        """
        CREATE TEMP TABLE artists AS
        SELECT artist_id,
               min(released) AS first_release,
               ${currencies}[1 + ${currency}] AS currency
        FROM podcasts
        GROUP BY artist_id
        """,
        Map.of(
            "currencies", list(CURRENCIES), "currency", draw("artist_id", 51, CURRENCIES.size())));
  }

  /**
   * The payments table: one to three payments per artist and month from June 2026 to the last day
   * of plays, none before the artist's first release.
   */
  static String createPayments(MeshScale scale) {
    long mostPayments = (long) scale.artists() * PAYMENT_MONTHS * 3;
    return bind(
        """
        CREATE TEMP TABLE payments AS
        WITH months AS (
          SELECT i AS month_index,
                 CAST(${firstMonth} + to_months(i) AS TIMESTAMPTZ) AS month_start,
                 least(CAST(${firstMonth} + to_months(i + 1) AS TIMESTAMPTZ), ${windowEnd})
                     AS month_end
          FROM range(${months}) AS numbers(i)
        ),
        drawn AS (
          SELECT a.artist_id, a.currency, a.first_release, m.month_index, s.slot,
                 m.month_start + to_seconds(CAST(floor(${paidDraw}
                     * (epoch(m.month_end) - epoch(m.month_start))) AS BIGINT)) AS paid_at
          FROM artists a
          CROSS JOIN months m
          CROSS JOIN range(3) AS s(slot)
          WHERE s.slot <= hash(a.artist_id, m.month_index, 52) % 3
        )
        SELECT 'pay-' || lpad(CAST(row_number() OVER (ORDER BY paid_at, artist_id, slot)
                                   AS VARCHAR), ${paymentDigits}, '0') AS payment_id,
               artist_id,
               CAST((5000 + hash(artist_id, month_index, slot, 54) % 495000) / 100.0
                   AS DECIMAL(12,2)) AS amount,
               currency,
               paid_at
        FROM drawn
        WHERE paid_at >= CAST(first_release AS TIMESTAMPTZ)
        """,
        Map.of(
            "firstMonth", date(FIRST_PAYMENT_MONTH),
            "windowEnd", timestamp(FIRST_PLAY_DAY.plusDays(PLAY_DAYS)),
            "months", PAYMENT_MONTHS,
            "paidDraw", uniform("a.artist_id, m.month_index, s.slot", 53),
            "paymentDigits", Math.max(6, Long.toString(mostPayments).length())));
  }

  /** Writes the countries users may come from, without the unlisted ones. */
  static String copyCountries(String target) {
    return "COPY (SELECT code, name, region FROM countries WHERE listed ORDER BY code) TO "
        + literal(target)
        + " (FORMAT csv, HEADER true)";
  }

  /** Writes the registration service's export. */
  static String copyRegistrations(String target) {
    return bind(
        """
        COPY (
          SELECT user_id, email, birth_date, country, city,
                 strftime(registered_at, ${format}) AS registered_at
          FROM users
          ORDER BY user_index
        ) TO ${target} (FORMAT csv, HEADER true)
        """,
        Map.of("format", literal(TIMESTAMP_FORMAT), "target", literal(target)));
  }

  /**
   * Writes the profile updates of one user in ten (about a third of them twice), each between the
   * user's registration and the end of the window, in time order.
   */
  static String copyProfileUpdates(MeshScale scale, String target) {
    return bind(
        """
        COPY (
          SELECT u.user_id,
                 CASE WHEN hash(u.user_index, k.k, 23) % 5 = 0
                      THEN ${listedCodes}[1 + ${movedTo}]
                      ELSE u.country END AS country,
                 ${plans}[1 + ${plan}] AS plan,
                 strftime(u.registered_at + to_seconds(CAST(floor(${updateDraw}
                     * (epoch(${windowEnd}) - epoch(u.registered_at))) AS BIGINT)), ${format})
                     AS updated_at
          FROM (
            SELECT * FROM users ORDER BY hash(user_index, 21), user_index LIMIT ${touched}
          ) AS u
          CROSS JOIN range(2) AS k(k)
          WHERE k.k = 0 OR hash(u.user_index, 22) % 3 = 0
          ORDER BY updated_at, user_id, country, plan
        ) TO ${target} (FORMAT json)
        """,
        Map.of(
            "listedCodes", list(listedCountryCodes()),
            "movedTo", draw("u.user_index, k.k", 24, listedCountryCodes().size()),
            "plans", list(PAID_PLANS),
            "plan", draw("u.user_index, k.k", 25, PAID_PLANS.size()),
            "updateDraw", uniform("u.user_index, k.k", 26),
            "windowEnd", timestamp(FIRST_PLAY_DAY.plusDays(PLAY_DAYS)),
            "format", literal(TIMESTAMP_FORMAT),
            "target", literal(target),
            "touched", (scale.users() + 9) / 10));
  }

  /** Writes the catalog service's export. */
  static String copyPodcasts(String target) {
    return "COPY (SELECT podcast_id, title, artist_id, category, language, released FROM podcasts"
        + " ORDER BY podcast_index) TO "
        + literal(target)
        + " (FORMAT csv, HEADER true)";
  }

  /** Writes the payment system's export. */
  static String copyPayments(String target) {
    return bind(
        """
        COPY (
          SELECT payment_id, artist_id, amount, currency, strftime(paid_at, ${format}) AS paid_at
          FROM payments
          ORDER BY payment_id
        ) TO ${target} (FORMAT csv, HEADER true)
        """,
        Map.of("format", literal(TIMESTAMP_FORMAT), "target", literal(target)));
  }

  /**
   * Writes one day of plays to a Parquet file, in play order, which is also time order.
   *
   * <p>Each play picks a podcast three ways: one in ten a new release already out that day, one in
   * seven one of the day's five trending catalog podcasts, the rest a catalog podcast by a
   * Zipf-like popularity (rank {@code r} with probability about {@code 1/r}). Heavy listeners are
   * few: the user is {@code floor(users * u^1.5)} for a uniform {@code u}. Times follow a daily
   * cycle that peaks at noon UTC.
   *
   * @param dayOffset the day's distance from the first day of plays
   * @param firstPlayId the identifier of the day's first play
   * @param count the plays of the day
   */
  static String copyPlays(
      MeshScale scale, int dayOffset, long firstPlayId, long count, String target) {
    LocalDate day = FIRST_PLAY_DAY.plusDays(dayOffset);
    int released = releasedBy(scale, dayOffset);
    return bind(
        """
        COPY (
          WITH numbered AS (
            SELECT ${firstPlayId} + k AS play_id, k FROM range(${count}) AS numbers(k)
          ),
          chosen AS (
            SELECT play_id,
                   (k + ${slotDraw}) / ${count} AS day_fraction,
                   CASE
                     WHEN hash(play_id, 41) % 100 < 10 AND ${released} > 0
                       THEN ${catalog} + ${newRelease}
                     WHEN hash(play_id, 41) % 100 < 25
                       THEN CAST(hash(${dayOffset}, hash(play_id, 43) % 5, 44) % ${catalog}
                                 AS BIGINT)
                     ELSE (CAST(floor(exp(${popularityDraw} * ln(${catalog} + 1))) AS BIGINT) - 1)
                          * 7919 % ${catalog}
                   END AS podcast_index,
                   CAST(floor(${users} * pow(${userDraw}, 1.5)) AS BIGINT) AS user_index
            FROM numbered
          )
          SELECT play_id,
                 ${userId} AS user_id,
                 ${podcastId} AS podcast_id,
                 CAST(1 + hash(play_id, 47) % (10 + hash(podcast_index, 48) % 190) AS INTEGER)
                     AS episode,
                 ${dayStart} + to_seconds(CAST(floor(86400 * (day_fraction
                     + 0.5 * sin(2 * pi() * day_fraction) / (2 * pi()))) AS BIGINT)) AS played_at,
                 CAST(30 + hash(play_id, 49) % 3571 AS INTEGER) AS seconds,
                 CASE
                   WHEN hash(play_id, 50) % 100 < 42 THEN 'ios'
                   WHEN hash(play_id, 50) % 100 < 78 THEN 'android'
                   WHEN hash(play_id, 50) % 100 < 88 THEN 'web'
                   WHEN hash(play_id, 50) % 100 < 95 THEN 'smart-speaker'
                   ELSE 'car'
                 END AS device
          FROM chosen
          ORDER BY play_id
        ) TO ${target} (FORMAT parquet)
        """,
        Map.ofEntries(
            Map.entry("firstPlayId", firstPlayId),
            Map.entry("count", count),
            Map.entry("slotDraw", uniform("play_id", 40)),
            Map.entry("released", released),
            Map.entry("catalog", scale.catalogPodcasts()),
            Map.entry("newRelease", draw("play_id", 42, Math.max(1, released))),
            Map.entry("dayOffset", dayOffset),
            Map.entry("popularityDraw", uniform("play_id", 45)),
            Map.entry("users", scale.users()),
            Map.entry("userDraw", uniform("play_id", 46)),
            Map.entry("userId", identifier("u", "user_index", scale.userDigits())),
            Map.entry("podcastId", identifier("p", "podcast_index", 5)),
            Map.entry("dayStart", timestamp(day)),
            Map.entry("target", literal(target))));
  }

  /**
   * Writes a batch's profile updates on one day: users drawn from the batch number, each moving to
   * another listed country one time in three, with a new plan.
   *
   * @param registrations the registrations CSV, for the users' countries
   * @param updates the profile updates written so far, for the users' current countries
   */
  static String copyBatchProfileUpdates(
      MeshScale scale,
      int batch,
      LocalDate day,
      long count,
      String registrations,
      String updates,
      String target) {
    return bind(
        """
        COPY (
          WITH changes AS (
            SELECT user_id, CAST(registered_at AS TIMESTAMPTZ) AS changed_at, country
            FROM read_csv(${registrations}, header = true, delim = ',', quote = '"',
                          all_varchar = true)
            UNION ALL
            SELECT user_id, CAST(updated_at AS TIMESTAMPTZ) AS changed_at, country
            FROM read_json(${updates}, format = 'newline_delimited',
                           columns = {user_id: 'VARCHAR', country: 'VARCHAR', plan: 'VARCHAR',
                                      updated_at: 'VARCHAR'})
          ),
          current_country AS (
            SELECT user_id, country
            FROM changes
            QUALIFY row_number() OVER (PARTITION BY user_id ORDER BY changed_at DESC, country) = 1
          ),
          picked AS (
            SELECT j, ${userId} AS user_id FROM range(${count}) AS numbers(j)
          )
          SELECT p.user_id,
                 CASE WHEN hash(${batch}, p.j, 63) % 3 = 0
                      THEN ${listedCodes}[1 + ${movedTo}]
                      ELSE c.country END AS country,
                 ${plans}[1 + ${plan}] AS plan,
                 strftime(${dayStart} + to_seconds(CAST(hash(${batch}, p.j, 66) % 86400 AS BIGINT)),
                          ${format}) AS updated_at
          FROM picked p
          JOIN current_country c ON c.user_id = p.user_id
          ORDER BY updated_at, p.user_id, country, plan
        ) TO ${target} (FORMAT json)
        """,
        Map.ofEntries(
            Map.entry("registrations", literal(registrations)),
            Map.entry("updates", literal(updates)),
            Map.entry(
                "userId",
                identifier(
                    "u", "hash(" + batch + ", j, 62) % " + scale.users(), scale.userDigits())),
            Map.entry("count", count),
            Map.entry("batch", batch),
            Map.entry("listedCodes", list(listedCountryCodes())),
            Map.entry("movedTo", draw(batch + ", p.j", 64, listedCountryCodes().size())),
            Map.entry("plans", list(PAID_PLANS)),
            Map.entry("plan", draw(batch + ", p.j", 65, PAID_PLANS.size())),
            Map.entry("dayStart", timestamp(day)),
            Map.entry("format", literal(TIMESTAMP_FORMAT)),
            Map.entry("target", literal(target))));
  }

  /** Rewrites the catalog export with the title of one podcast corrected, other rows unchanged. */
  static String copyCorrectedCatalog(String catalog, String podcastId, String target) {
    return bind(
        """
        COPY (
          SELECT podcast_id,
                 CASE WHEN podcast_id = ${podcastId} THEN title || ${suffix} ELSE title END
                     AS title,
                 artist_id, category, language, released
          FROM read_csv(${catalog}, header = true, delim = ',', quote = '"', escape = '"',
                        all_varchar = true)
          ORDER BY podcast_id
        ) TO ${target} (FORMAT csv, HEADER true)
        """,
        Map.of(
            "podcastId", literal(podcastId),
            "suffix", literal(CORRECTED_TITLE_SUFFIX),
            "catalog", literal(catalog),
            "target", literal(target)));
  }

  /** The identifier of the catalog podcast at a popularity rank, from 1. */
  static String podcastAtRank(MeshScale scale, long rank) {
    int catalog = scale.catalogPodcasts();
    long index = ((rank - 1) % catalog) * 7919 % catalog;
    return String.format(Locale.ROOT, "p%05d", index + 1);
  }

  /** How many new releases are out on a day of the window: those released on that day or before. */
  static int releasedBy(MeshScale scale, int dayOffset) {
    int released = 0;
    for (int j = 0; j < scale.newReleases(); j++) {
      if (FIRST_RELEASE_OFFSET + (j * RELEASE_SPREAD_DAYS) / scale.newReleases() <= dayOffset) {
        released++;
      }
    }
    return released;
  }

  /** A SQL string literal. */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static List<String> listedCountryCodes() {
    return COUNTRIES.stream().filter(Country::listed).map(Country::code).toList();
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values.stream().map(MeshSql::literal).toList()) + "]";
  }

  private static String date(LocalDate day) {
    return "DATE '" + day + "'";
  }

  private static String timestamp(LocalDate day) {
    return "TIMESTAMPTZ '" + day + " 00:00:00+00'";
  }

  /** A pseudo-random whole number in {@code [0, modulus)} from the hash of values and a salt. */
  private static String draw(String values, int salt, long modulus) {
    return "CAST(hash(" + values + ", " + salt + ") % " + modulus + " AS BIGINT)";
  }

  /** A pseudo-random double in {@code [0, 1)} from the hash of values and a salt. */
  private static String uniform(String values, int salt) {
    return "(hash(" + values + ", " + salt + ") % 1000000007 / 1000000007.0)";
  }

  /** A prefix and a zero-padded number from 1: {@code u000042} for the index 41. */
  private static String identifier(String prefix, String index, int digits) {
    return literal(prefix) + " || lpad(CAST(" + index + " + 1 AS VARCHAR), " + digits + ", '0')";
  }

  /** Replaces every {@code ${name}} in the template by the value of that name. */
  static String bind(String template, Map<String, ?> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "}");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value.toString()));
    }
    matcher.appendTail(result);
    return result.toString();
  }
}
