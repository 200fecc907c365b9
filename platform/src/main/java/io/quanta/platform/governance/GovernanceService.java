package io.quanta.platform.governance;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.rules.Governance;
import io.quanta.governance.rules.GovernanceParser;
import io.quanta.governance.rules.GovernanceSource;
import io.quanta.governance.rules.IdentifierType;
import io.quanta.governance.rules.Rule;
import io.quanta.platform.registry.GovernanceStore;
import io.quanta.platform.registry.GovernanceVersionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The mesh's governance as code: global identifier types, deploy-time rules and global runtime
 * policies, read from governance files. {@link #apply} stores a folder of files as a new version;
 * the mesh's governance is the newest version, or the shipped default (version 0, {@value
 * #SHIPPED_DEFAULT}) until one is applied.
 *
 * <p>The current version is cached and compiled once; a version applied by another process on the
 * same data folder is noticed within about a second.
 *
 * <p>Thread safe.
 */
public final class GovernanceService {
  /** The resource holding the shipped default governance, version 0. */
  public static final String SHIPPED_DEFAULT = "/governance/default-governance.yaml";

  private static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final GovernanceStore store;
  private final Clock clock;
  private final LongSupplier nanoTime;
  private final GovernanceVersion shipped;
  private volatile Cached cached;

  /** The version in use and when the store was last asked for a newer one. */
  private record Cached(GovernanceVersion version, long checkedAt) {}

  public GovernanceService(GovernanceStore store, Clock clock) {
    this(store, clock, System::nanoTime);
  }

  GovernanceService(GovernanceStore store, Clock clock, LongSupplier nanoTime) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    this.shipped = shippedDefault();
  }

  /** The mesh's governance now: the newest applied version, else the shipped default. */
  public GovernanceVersion current() {
    long now = nanoTime.getAsLong();
    Cached known = cached;
    if (known != null && now - known.checkedAt() < RECHECK_NANOS) {
      return known.version();
    }
    int newest = store.latestNumber().orElse(0);
    GovernanceVersion version =
        known != null && known.version().number() == newest ? known.version() : load(newest);
    cached = new Cached(version, now);
    return version;
  }

  /** The current governance's identifiers, rules and policies. */
  public Governance governance() {
    return current().governance();
  }

  /** The global runtime policies every product's reads obey, as of now. */
  public PolicySet policies() {
    return governance().policies();
  }

  /** The deploy-time rules every spec must meet, as of now. */
  public List<Rule> rules() {
    return governance().rules();
  }

  /** The registered global identifier types, as of now. */
  public List<IdentifierType> identifiers() {
    return governance().identifiers();
  }

  /**
   * A version by number: 0 for the shipped default.
   *
   * @throws QuantaException {@code NOT_FOUND} naming the versions there are
   */
  public GovernanceVersion version(int number) {
    if (number == 0) {
      return shipped;
    }
    if (number < 0 || store.find(number).isEmpty()) {
      int newest = store.latestNumber().orElse(0);
      throw QuantaException.notFound(
          "No governance version "
              + number
              + (newest == 0
                  ? "; none was applied, the mesh has the shipped default (version 0)"
                  : "; versions are 0 (the shipped default) to " + newest));
    }
    return load(number);
  }

  /** Every applied version without its files, newest first. */
  public List<GovernanceVersionRecord> history() {
    return store.list();
  }

  /** What applying a folder did. */
  public record Applied(GovernanceVersion version, boolean changed) {
    public Applied {
      requireNonNull(version, "version is null");
    }
  }

  /**
   * Checks every {@code *.yaml} file of the folder and, if all are valid, stores them as a new
   * version, which becomes the mesh's governance. All or nothing: a problem in any file refuses the
   * whole folder. Applying the same files as the current version stores nothing.
   *
   * @param folder the governance folder
   * @param appliedBy who applies it (the operating-system user)
   * @throws QuantaException {@code INVALID_GOVERNANCE} with every problem of every file; {@code
   *     INVALID_REQUEST} when the folder does not exist or has no {@code *.yaml} file
   */
  public Applied apply(Path folder, String appliedBy) {
    requireNonNull(folder, "folder is null");
    requireNonNull(appliedBy, "appliedBy is null");
    List<GovernanceSource> files = read(folder);
    List<Problem> problems = check(files, folder);
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    String digest = digest(files);
    GovernanceVersion now = current();
    if (now.digest().equals(digest)) {
      return new Applied(now, false);
    }
    GovernanceVersionRecord stored = store.add(files, clock.instant(), appliedBy, digest);
    GovernanceVersion version = toVersion(stored);
    cached = new Cached(version, nanoTime.getAsLong());
    return new Applied(version, true);
  }

  /**
   * The problems of a folder's governance files, each with its file (in the folder), line and
   * column; empty when the folder can be applied.
   */
  public static List<Problem> check(List<GovernanceSource> files, Path folder) {
    List<GovernanceSource> located = new ArrayList<>();
    for (GovernanceSource file : files) {
      located.add(new GovernanceSource(folder.resolve(file.file()).toString(), file.text()));
    }
    return GovernanceParser.parse(located).problems();
  }

  /**
   * The {@code *.yaml} files of a folder, by name in name order.
   *
   * @throws QuantaException {@code INVALID_REQUEST} when the folder does not exist or has none
   */
  public static List<GovernanceSource> read(Path folder) {
    List<Path> paths;
    try (Stream<Path> entries = Files.list(folder)) {
      paths =
          entries
              .filter(path -> path.getFileName().toString().endsWith(".yaml"))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(path -> path.getFileName().toString()))
              .toList();
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw QuantaException.invalidRequest("No governance folder " + folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the governance folder " + folder, e);
    }
    if (paths.isEmpty()) {
      throw QuantaException.invalidRequest(
          "The governance folder " + folder + " has no *.yaml file");
    }
    List<GovernanceSource> files = new ArrayList<>();
    for (Path path : paths) {
      try {
        files.add(
            new GovernanceSource(
                path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8)));
      } catch (MalformedInputException e) {
        throw new QuantaException(
            ErrorCode.INVALID_GOVERNANCE,
            path + ": the file is not UTF-8 text",
            List.of(new Problem(path.toString(), 0, 0, "", "the file is not UTF-8 text")));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + path, e);
      }
    }
    return files;
  }

  private GovernanceVersion load(int number) {
    if (number == 0) {
      return shipped;
    }
    GovernanceVersionRecord stored =
        store
            .find(number)
            .orElseThrow(() -> new IllegalStateException("No governance version " + number));
    return toVersion(stored);
  }

  private static GovernanceVersion toVersion(GovernanceVersionRecord stored) {
    return new GovernanceVersion(
        stored.number(),
        Optional.of(stored.appliedAt()),
        Optional.of(stored.appliedBy()),
        stored.digest(),
        stored.files(),
        compile(stored.files()));
  }

  private static GovernanceVersion shippedDefault() {
    String text;
    try (InputStream in = GovernanceService.class.getResourceAsStream(SHIPPED_DEFAULT)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SHIPPED_DEFAULT);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    GovernanceSource file = new GovernanceSource("default-governance.yaml", text);
    return new GovernanceVersion(
        0,
        Optional.empty(),
        Optional.empty(),
        digest(List.of(file)),
        List.of(file),
        compile(List.of(file)));
  }

  /** The governance of files that were valid when stored. */
  private static Governance compile(List<GovernanceSource> files) {
    GovernanceParser.Result result = GovernanceParser.parse(files);
    if (!result.isValid()) {
      // Apply refuses invalid files; a stored version that no longer compiles must not be
      // half-enforced.
      throw new QuantaException(
          ErrorCode.INTERNAL,
          "The mesh's governance no longer compiles; apply a corrected version",
          result.problems());
    }
    return result.governance();
  }

  private static QuantaException invalid(List<Problem> problems) {
    String files = String.join(", ", problems.stream().map(Problem::file).distinct().toList());
    StringBuilder message =
        new StringBuilder()
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append(" in ")
            .append(files)
            .append("; nothing was applied");
    problems.forEach(problem -> message.append("\n  ").append(problem));
    return new QuantaException(ErrorCode.INVALID_GOVERNANCE, message.toString(), problems);
  }

  /** The SHA-256 of the files' names and contents, in the order given (name order). */
  static String digest(List<GovernanceSource> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (GovernanceSource file : files) {
        sha.update(file.file().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(file.text().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
