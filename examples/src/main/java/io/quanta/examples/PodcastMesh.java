package io.quanta.examples;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The podcast mesh of DESIGN.md §2: the spec files of its eight data products and a deterministic
 * generator of the source data they read.
 *
 * <p>The data set is a function of the number of plays only. Plays cover the 30 days from
 * 2026-10-22 to 2026-11-20 (UTC), one Parquet file per day in {@code data/plays/}. There are {@code
 * max(50, plays / 100)} users, all registered before the first play; {@code max(20, plays / 2000)}
 * podcasts (at most 5000), one in twenty of them (at least two) released during the window, each by
 * an artist of its own; and about a third as many artists as podcasts, paid one to three times a
 * month from June 2026. Podcast popularity is skewed (Zipf-like) with a few trending podcasts each
 * day, so that rankings change from day to day. The pseudo-random choices come from DuckDB's {@code
 * hash()} of row numbers, so the same number of plays always gives the same rows.
 *
 * <p>The files, under {@code folder/data}:
 *
 * <ul>
 *   <li>{@code countries.csv}: code, name, region; twelve countries (a few users come from
 *       countries it does not list);
 *   <li>{@code registrations.csv}: user_id, email, birth_date, country, city, registered_at;
 *   <li>{@code profile-updates.jsonl}: newline-delimited JSON objects with user_id, country, plan,
 *       updated_at; one user in ten has updates;
 *   <li>{@code podcasts.csv}: podcast_id, title, artist_id, category, language, released;
 *   <li>{@code payments.csv}: payment_id, artist_id, amount, currency, paid_at;
 *   <li>{@code plays/plays-YYYY-MM-DD.parquet}: play_id BIGINT, user_id VARCHAR, podcast_id
 *       VARCHAR, episode INTEGER, played_at TIMESTAMPTZ, seconds INTEGER, device VARCHAR.
 * </ul>
 *
 * <p>Timestamps in CSV and JSON files are ISO 8601 in UTC, e.g. {@code 2026-11-03T10:15:00Z}.
 */
public final class PodcastMesh {
  private static final String SPEC_RESOURCES = "/io/quanta/examples/podcasts/";

  private static final List<String> SPEC_FILE_NAMES =
      List.of(
          "artist-payments.yaml",
          "emerging-artists.yaml",
          "listeners-demographics.yaml",
          "play-events.yaml",
          "podcast-catalog.yaml",
          "top-podcasts-daily.yaml",
          "user-profiles.yaml",
          "user-registrations.yaml");

  static final String DATA_FOLDER = "data";
  static final String PLAYS_FOLDER = "plays";
  static final String COUNTRIES_FILE = "countries.csv";
  static final String REGISTRATIONS_FILE = "registrations.csv";
  static final String PROFILE_UPDATES_FILE = "profile-updates.jsonl";
  static final String PODCASTS_FILE = "podcasts.csv";
  static final String PAYMENTS_FILE = "payments.csv";

  private static final Pattern PLAYS_FILE =
      Pattern.compile("plays-(\\d{4}-\\d{2}-\\d{2})\\.parquet");

  private PodcastMesh() {}

  /**
   * What a generation wrote.
   *
   * @param users the users of the data set (registered users)
   * @param podcasts the podcasts of the catalog
   * @param plays the plays this call wrote
   * @param payments the payments this call wrote
   * @param files the files this call wrote or changed, sorted
   */
  public record Summary(long users, long podcasts, long plays, long payments, List<Path> files) {
    /** Checks the counts and copies the files. */
    public Summary {
      if (users < 0 || podcasts < 0 || plays < 0 || payments < 0) {
        throw new IllegalArgumentException(
            "counts must not be negative: "
                + users
                + ", "
                + podcasts
                + ", "
                + plays
                + ", "
                + payments);
      }
      files = List.copyOf(requireNonNull(files, "files is null"));
    }
  }

  /** File names of the specs, e.g. {@code listeners-demographics.yaml}, sorted. */
  public static List<String> specFileNames() {
    return SPEC_FILE_NAMES;
  }

  /**
   * Copies the spec files from the jar's resources into the folder (created if needed), replacing
   * files of the same names.
   *
   * @return the copied files' paths, sorted
   */
  public static List<Path> copySpecs(Path folder) throws IOException {
    requireNonNull(folder, "folder is null");
    Files.createDirectories(folder);
    List<Path> copied = new ArrayList<>();
    for (String name : SPEC_FILE_NAMES) {
      try (InputStream in = PodcastMesh.class.getResourceAsStream(SPEC_RESOURCES + name)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + SPEC_RESOURCES + name);
        }
        Path target = folder.resolve(name);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        copied.add(target);
      }
    }
    return List.copyOf(copied);
  }

  /**
   * Writes the source data the specs read ({@code folder/data/...}) for a number of plays. The same
   * number of plays gives the same content. Existing generated files are replaced, including every
   * {@code data/plays/plays-*.parquet}.
   *
   * @param plays the plays of the 30 days, at least 1
   * @return the users, podcasts, plays and payments written, and the files
   */
  public static Summary generate(Path folder, long plays) throws IOException {
    requireNonNull(folder, "folder is null");
    MeshScale scale = MeshScale.of(plays);
    Path data = folder.resolve(DATA_FOLDER);
    Path playsFolder = data.resolve(PLAYS_FOLDER);
    Files.createDirectories(playsFolder);
    deletePlays(playsFolder);

    List<Path> files = new ArrayList<>();
    try (Connection connection = open()) {
      execute(connection, MeshSql.createCountries());
      execute(connection, MeshSql.createUsers(scale));
      execute(connection, MeshSql.createPodcasts(scale));
      execute(connection, MeshSql.createArtists());
      execute(connection, MeshSql.createPayments(scale));

      Path countries = data.resolve(COUNTRIES_FILE);
      execute(connection, MeshSql.copyCountries(location(countries)));
      files.add(countries);
      Path registrations = data.resolve(REGISTRATIONS_FILE);
      execute(connection, MeshSql.copyRegistrations(location(registrations)));
      files.add(registrations);
      Path updates = data.resolve(PROFILE_UPDATES_FILE);
      execute(connection, MeshSql.copyProfileUpdates(scale, location(updates)));
      files.add(updates);
      Path podcasts = data.resolve(PODCASTS_FILE);
      execute(connection, MeshSql.copyPodcasts(location(podcasts)));
      files.add(podcasts);
      Path payments = data.resolve(PAYMENTS_FILE);
      execute(connection, MeshSql.copyPayments(location(payments)));
      files.add(payments);

      for (int day = 0; day < MeshSql.PLAY_DAYS; day++) {
        long first = day * plays / MeshSql.PLAY_DAYS;
        long next = (day + 1) * plays / MeshSql.PLAY_DAYS;
        Path file = playsFile(playsFolder, MeshSql.FIRST_PLAY_DAY.plusDays(day));
        execute(connection, MeshSql.copyPlays(scale, day, first + 1, next - first, location(file)));
        files.add(file);
      }
      long paymentCount = queryLong(connection, "SELECT count(*) FROM payments");
      return new Summary(scale.users(), scale.podcasts(), plays, paymentCount, sorted(files));
    } catch (SQLException e) {
      throw new IOException(
          "cannot generate the podcast data in " + data + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends a batch to data written by {@link #generate}: the plays of the day after the last day
   * of plays (about {@code plays / 30}, as a new Parquet file in {@code data/plays/}), a corrected
   * title for one podcast in {@code podcasts.csv} (same podcast_id, {@code " (Remastered)"}
   * appended: the n-th batch corrects the n-th most popular catalog podcast) and a few profile
   * updates appended to {@code profile-updates.jsonl}. Nothing else changes. The same data and
   * number of plays give the same batch; each call adds the next day.
   *
   * @param plays the number of plays given to {@link #generate} for this folder
   * @return the users and podcasts of the data set, the plays written by this call, no payments,
   *     and the files written or changed
   * @throws IllegalStateException if the folder holds no generated plays
   * @throws IllegalArgumentException if the data was generated for another number of plays
   */
  public static Summary generateNextBatch(Path folder, long plays) throws IOException {
    requireNonNull(folder, "folder is null");
    MeshScale scale = MeshScale.of(plays);
    Path data = folder.resolve(DATA_FOLDER);
    Path playsFolder = data.resolve(PLAYS_FOLDER);
    Path registrations = data.resolve(REGISTRATIONS_FILE);
    Path updates = data.resolve(PROFILE_UPDATES_FILE);
    Path podcasts = data.resolve(PODCASTS_FILE);
    LocalDate lastDay = lastPlayDay(playsFolder);
    for (Path required : List.of(registrations, updates, podcasts)) {
      if (!Files.isRegularFile(required)) {
        throw new IllegalStateException(
            "no " + required + ": generate the data before a next batch");
      }
    }
    LocalDate day = lastDay.plusDays(1);
    int dayOffset = (int) ChronoUnit.DAYS.between(MeshSql.FIRST_PLAY_DAY, day);
    int batch = dayOffset - MeshSql.PLAY_DAYS + 1;
    if (batch < 1) {
      throw new IllegalStateException(
          "the plays in " + playsFolder + " end on " + lastDay + ", before the generated window");
    }

    Path corrected = Files.createTempFile(data, "podcasts-", ".csv.tmp");
    Path newUpdates = Files.createTempFile(data, "profile-updates-", ".jsonl.tmp");
    try (Connection connection = open()) {
      long users =
          queryLong(
              connection,
              "SELECT count(*) FROM read_csv("
                  + MeshSql.literal(location(registrations))
                  + ", header = true, all_varchar = true)");
      if (users != scale.users()) {
        throw new IllegalArgumentException(
            "the data in "
                + data
                + " has "
                + users
                + " users, but "
                + plays
                + " plays give "
                + scale.users()
                + ": pass the number of plays it was generated for");
      }
      long firstPlayId =
          queryLong(
              connection,
              "SELECT max(play_id) + 1 FROM read_parquet("
                  + MeshSql.literal(location(playsFolder.resolve("plays-*.parquet")))
                  + ")");
      long count = Math.max(1, plays / MeshSql.PLAY_DAYS);
      Path playsFile = playsFile(playsFolder, day);
      execute(
          connection, MeshSql.copyPlays(scale, dayOffset, firstPlayId, count, location(playsFile)));

      execute(
          connection,
          MeshSql.copyCorrectedCatalog(
              location(podcasts), MeshSql.podcastAtRank(scale, batch), location(corrected)));
      execute(
          connection,
          MeshSql.copyBatchProfileUpdates(
              scale,
              batch,
              day,
              Math.max(3, scale.users() / 200),
              location(registrations),
              location(updates),
              location(newUpdates)));
      Files.move(corrected, podcasts, StandardCopyOption.REPLACE_EXISTING);
      append(updates, newUpdates);
      return new Summary(
          scale.users(), scale.podcasts(), count, 0, sorted(List.of(playsFile, podcasts, updates)));
    } catch (SQLException e) {
      throw new IOException(
          "cannot generate the next batch of podcast data in " + data + ": " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(corrected);
      Files.deleteIfExists(newUpdates);
    }
  }

  /** The day of the newest {@code plays-YYYY-MM-DD.parquet} in the folder. */
  private static LocalDate lastPlayDay(Path playsFolder) throws IOException {
    LocalDate last = null;
    if (Files.isDirectory(playsFolder)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(playsFolder)) {
        for (Path file : files) {
          Matcher matcher = PLAYS_FILE.matcher(file.getFileName().toString());
          if (matcher.matches()) {
            LocalDate day = LocalDate.parse(matcher.group(1));
            if (last == null || day.isAfter(last)) {
              last = day;
            }
          }
        }
      }
    }
    if (last == null) {
      throw new IllegalStateException(
          "no plays in " + playsFolder + ": generate the data before a next batch");
    }
    return last;
  }

  private static void deletePlays(Path playsFolder) throws IOException {
    List<Path> generated = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(playsFolder)) {
      for (Path file : files) {
        if (PLAYS_FILE.matcher(file.getFileName().toString()).matches()) {
          generated.add(file);
        }
      }
    }
    for (Path file : generated) {
      Files.delete(file);
    }
  }

  /** Appends the lines of a file to another, which ends with a line break before. */
  private static void append(Path target, Path lines) throws IOException {
    byte[] existing = Files.readAllBytes(target);
    if (existing.length > 0 && existing[existing.length - 1] != '\n') {
      Files.write(target, new byte[] {'\n'}, StandardOpenOption.APPEND);
    }
    Files.write(target, Files.readAllBytes(lines), StandardOpenOption.APPEND);
  }

  private static Path playsFile(Path playsFolder, LocalDate day) {
    return playsFolder.resolve("plays-" + day + ".parquet");
  }

  private static String location(Path path) {
    return path.toAbsolutePath().normalize().toString();
  }

  private static List<Path> sorted(List<Path> files) {
    return files.stream().sorted().toList();
  }

  private static Connection open() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try {
      for (String setting : MeshSql.settings()) {
        execute(connection, setting);
      }
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** Runs one statement on a statement of its own: a DuckDB statement that threw is closed. */
  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("no row from " + sql);
      }
      return result.getLong(1);
    }
  }
}
