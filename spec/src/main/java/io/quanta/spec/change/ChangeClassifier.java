package io.quanta.spec.change;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.AccessMode;
import io.quanta.spec.Column;
import io.quanta.spec.ColumnType;
import io.quanta.spec.Expectation;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.Slo;
import io.quanta.spec.Threshold;
import io.quanta.spec.change.SpecChange.Area;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares a deployed spec with the spec that would replace it and classifies every difference
 * (docs/lifecycle.md has the table):
 *
 * <ul>
 *   <li><b>breaking</b>: a port or an access mode removed; a column removed or renamed, its type
 *       narrowed or changed to another kind, it no longer required, its semantic type or link
 *       changed or removed; a required column added; the key or the event time changed; an
 *       objective loosened or removed; a quality expectation loosened or removed;
 *   <li><b>minor</b>: a port, an access mode or a nullable column added; a type widened ({@code
 *       integer} to {@code bigint}, a {@code decimal} with more digits and the same scale); a
 *       column made required, given a semantic type or a link; the columns reordered; an objective
 *       or an expectation added or tightened;
 *   <li><b>patch</b>: descriptions, documentation, tags, owner, kind, classifications; the SQL, the
 *       inputs, the schedule, the local policies (governance checks those at deploy); how
 *       completeness is measured.
 * </ul>
 *
 * <p>{@code integer} or {@code bigint} to {@code double} is breaking: a {@code bigint} above 2^53
 * loses digits as a {@code double}, and Iceberg cannot promote the stored column in place.
 *
 * <p>Stateless and thread safe.
 */
public final class ChangeClassifier {
  private ChangeClassifier() {}

  /**
   * Every difference between the two specs that a consumer or an operator could notice, in the
   * order of the new spec's fields (product-wide changes first, then port by port).
   *
   * @param deployed the spec as deployed
   * @param proposed the spec that would replace it, of the same product (any major version)
   */
  public static List<SpecChange> compare(ProductSpec deployed, ProductSpec proposed) {
    requireNonNull(deployed, "deployed is null");
    requireNonNull(proposed, "proposed is null");
    Changes changes = new Changes();
    compareMetadata(deployed, proposed, changes);
    compareInputs(deployed, proposed, changes);
    if (!deployed.schedule().equals(proposed.schedule())) {
      changes.product(ChangeLevel.PATCH, Area.SCHEDULE, "schedule", "the schedule changed");
    }
    if (!deployed.policies().equals(proposed.policies())) {
      changes.product(
          ChangeLevel.PATCH,
          Area.POLICIES,
          "policies",
          "the local policies changed (governance checks them at deploy)");
    }
    for (Output before : deployed.outputs()) {
      if (proposed.output(before.name()).isEmpty()) {
        changes.port(
            ChangeLevel.BREAKING, Area.PORTS, before.name(), "outputs", "the port is removed");
      }
    }
    for (int i = 0; i < proposed.outputs().size(); i++) {
      Output after = proposed.outputs().get(i);
      String path = "outputs[" + i + "]";
      Optional<Output> before = deployed.output(after.name());
      if (before.isEmpty()) {
        changes.port(
            ChangeLevel.MINOR,
            Area.PORTS,
            after.name(),
            path,
            "the port is added (" + after.schema().size() + " columns)");
        continue;
      }
      comparePort(before.get(), after, path, changes);
      compareObjectives(
          deployed.slo(before.get()),
          proposed.slo(after),
          objectivePaths(proposed, after, path),
          after.name(),
          changes);
      compareQuality(before.get(), after, path, changes);
    }
    return changes.list();
  }

  /** Whether values of {@code from} convert to {@code to} without loss, in place. */
  public static boolean isWidening(ColumnType from, ColumnType to) {
    if (from.kind() == ColumnType.Kind.INTEGER && to.kind() == ColumnType.Kind.BIGINT) {
      return true;
    }
    return from.kind() == ColumnType.Kind.DECIMAL
        && to.kind() == ColumnType.Kind.DECIMAL
        && from.scale() == to.scale()
        && to.precision() > from.precision();
  }

  private static void compareMetadata(ProductSpec deployed, ProductSpec proposed, Changes changes) {
    var before = deployed.metadata();
    var after = proposed.metadata();
    if (!before.owner().equals(after.owner())) {
      changes.product(
          ChangeLevel.PATCH,
          Area.METADATA,
          "metadata.owner",
          "owner " + before.owner() + " -> " + after.owner());
    }
    if (!before.description().equals(after.description())) {
      changes.product(
          ChangeLevel.PATCH, Area.METADATA, "metadata.description", "the description changed");
    }
    if (!before.docs().equals(after.docs())) {
      changes.product(
          ChangeLevel.PATCH, Area.METADATA, "metadata.docs", "the documentation changed");
    }
    if (!new TreeSet<>(before.tags()).equals(new TreeSet<>(after.tags()))) {
      changes.product(
          ChangeLevel.PATCH,
          Area.METADATA,
          "metadata.tags",
          "tags " + before.tags() + " -> " + after.tags());
    }
    if (!before.kind().equals(after.kind())) {
      changes.product(
          ChangeLevel.PATCH,
          Area.METADATA,
          "metadata.kind",
          "kind "
              + before.kind().map(kind -> kind.specName()).orElse("undeclared")
              + " -> "
              + after.kind().map(kind -> kind.specName()).orElse("undeclared"));
    }
  }

  private static void compareInputs(ProductSpec deployed, ProductSpec proposed, Changes changes) {
    Map<String, Input> before = byName(deployed.inputs(), Input::name);
    for (String name : before.keySet()) {
      if (proposed.inputs().stream().noneMatch(input -> input.name().equals(name))) {
        changes.product(
            ChangeLevel.PATCH, Area.INPUTS, "inputs", "input '" + name + "' is removed");
      }
    }
    for (int i = 0; i < proposed.inputs().size(); i++) {
      Input after = proposed.inputs().get(i);
      Input previous = before.get(after.name());
      if (previous == null) {
        changes.product(
            ChangeLevel.PATCH,
            Area.INPUTS,
            "inputs[" + i + "]",
            "input '" + after.name() + "' is added");
      } else if (!previous.equals(after)) {
        changes.product(
            ChangeLevel.PATCH,
            Area.INPUTS,
            "inputs[" + i + "]",
            "input '" + after.name() + "' reads something else");
      }
    }
  }

  private static void comparePort(Output before, Output after, String path, Changes changes) {
    String port = after.name();
    if (!before.description().equals(after.description())) {
      changes.port(
          ChangeLevel.PATCH, Area.PORTS, port, path + ".description", "the description changed");
    }
    compareColumns(before, after, path, changes);
    if (!new HashSet<>(before.key()).equals(new HashSet<>(after.key()))) {
      changes.port(
          ChangeLevel.BREAKING,
          Area.KEY,
          port,
          path + ".key",
          "the key " + before.key() + " -> " + after.key());
    } else if (!before.key().equals(after.key())) {
      changes.port(
          ChangeLevel.PATCH,
          Area.KEY,
          port,
          path + ".key",
          "the key's columns are listed in another order");
    }
    if (!before.eventTime().equals(after.eventTime())) {
      changes.port(
          ChangeLevel.BREAKING,
          Area.KEY,
          port,
          path + ".eventTime",
          "the event time "
              + before.eventTime().orElse("(none)")
              + " -> "
              + after.eventTime().orElse("(none)"));
    }
    for (AccessMode mode : new TreeSet<>(before.access())) {
      if (!after.serves(mode)) {
        changes.port(
            ChangeLevel.BREAKING,
            Area.ACCESS,
            port,
            path + ".access",
            "no longer served as " + mode.specName());
      }
    }
    for (AccessMode mode : new TreeSet<>(after.access())) {
      if (!before.serves(mode)) {
        changes.port(
            ChangeLevel.MINOR,
            Area.ACCESS,
            port,
            path + ".access",
            "now also served as " + mode.specName());
      }
    }
    if (!before.sql().strip().equals(after.sql().strip())) {
      changes.port(
          ChangeLevel.PATCH,
          Area.SQL,
          port,
          path + ".sql",
          "the SQL changed (its result keeps the declared columns)");
    }
  }

  private static void compareColumns(Output before, Output after, String path, Changes changes) {
    String port = after.name();
    Map<String, Column> previous = byName(before.schema(), Column::name);
    Map<String, Integer> afterIndex = new LinkedHashMap<>();
    for (int i = 0; i < after.schema().size(); i++) {
      afterIndex.put(after.schema().get(i).name(), i);
    }
    // A column removed where a column of the same type is added reads as a rename.
    Set<String> renamedTo = new HashSet<>();
    for (int i = 0; i < before.schema().size(); i++) {
      Column removed = before.schema().get(i);
      if (afterIndex.containsKey(removed.name())) {
        continue;
      }
      Optional<Column> replacement =
          i < after.schema().size() ? Optional.of(after.schema().get(i)) : Optional.empty();
      if (replacement.isPresent()
          && !previous.containsKey(replacement.get().name())
          && replacement.get().type().equals(removed.type())) {
        renamedTo.add(replacement.get().name());
        changes.port(
            ChangeLevel.BREAKING,
            Area.SCHEMA,
            port,
            path + ".schema[" + i + "].name",
            "column '" + removed.name() + "' renamed to '" + replacement.get().name() + "'");
      } else {
        changes.port(
            ChangeLevel.BREAKING,
            Area.SCHEMA,
            port,
            path + ".schema",
            "column '" + removed.name() + "' removed");
      }
    }
    for (int i = 0; i < after.schema().size(); i++) {
      Column column = after.schema().get(i);
      String at = path + ".schema[" + i + "]";
      Column old = previous.get(column.name());
      if (old == null) {
        if (renamedTo.contains(column.name())) {
          continue;
        }
        if (column.required()) {
          changes.port(
              ChangeLevel.BREAKING,
              Area.SCHEMA,
              port,
              at,
              "required column '"
                  + column.name()
                  + "' added: the rows written before it have no value there");
        } else {
          changes.port(
              ChangeLevel.MINOR,
              Area.SCHEMA,
              port,
              at,
              "column '" + column.name() + "' added (" + column.type() + ", nullable)");
        }
        continue;
      }
      compareColumn(old, column, port, at, changes);
    }
    List<String> oldOrder = new ArrayList<>();
    before.schema().stream()
        .map(Column::name)
        .filter(afterIndex::containsKey)
        .forEach(oldOrder::add);
    List<String> newOrder =
        after.schema().stream().map(Column::name).filter(previous::containsKey).toList();
    if (!oldOrder.equals(newOrder)) {
      changes.port(
          ChangeLevel.MINOR,
          Area.SCHEMA,
          port,
          path + ".schema",
          "the columns are reordered: consumers reading by position see " + newOrder);
    }
  }

  private static void compareColumn(
      Column before, Column after, String port, String at, Changes changes) {
    String name = "'" + after.name() + "'";
    if (!before.type().equals(after.type())) {
      boolean widened = isWidening(before.type(), after.type());
      String how =
          widened ? "widened" : isWidening(after.type(), before.type()) ? "narrowed" : "changed";
      changes.port(
          widened ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
          Area.SCHEMA,
          port,
          at + ".type",
          "type of " + name + " " + how + " from " + before.type() + " to " + after.type());
    }
    if (before.required() != after.required()) {
      changes.port(
          after.required() ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
          Area.SCHEMA,
          port,
          at + ".required",
          after.required()
              ? name + " is now required"
              : name + " is no longer required: it may have no value");
    }
    compareAnnotation(
        "semantic type",
        before.semantic(),
        after.semantic(),
        name,
        port,
        at + ".semantic",
        changes);
    compareAnnotation(
        "link",
        before.links().map(Object::toString),
        after.links().map(Object::toString),
        name,
        port,
        at + ".links",
        changes);
    if (!before.classification().equals(after.classification())) {
      changes.port(
          ChangeLevel.PATCH,
          Area.SCHEMA,
          port,
          at + ".classification",
          "classification of "
              + name
              + " "
              + before.classification().orElse("(none)")
              + " -> "
              + after.classification().orElse("(none)"));
    }
    if (!before.description().equals(after.description())) {
      changes.port(
          ChangeLevel.PATCH,
          Area.SCHEMA,
          port,
          at + ".description",
          "description of " + name + " changed");
    }
  }

  /** A semantic type or a link: adding one is minor, changing or removing one is breaking. */
  private static void compareAnnotation(
      String what,
      Optional<String> before,
      Optional<String> after,
      String column,
      String port,
      String at,
      Changes changes) {
    if (before.equals(after)) {
      return;
    }
    if (before.isEmpty()) {
      changes.port(
          ChangeLevel.MINOR,
          Area.SCHEMA,
          port,
          at,
          what + " of " + column + " added: " + after.get());
    } else if (after.isEmpty()) {
      changes.port(
          ChangeLevel.BREAKING,
          Area.SCHEMA,
          port,
          at,
          what + " of " + column + " removed (was " + before.get() + ")");
    } else {
      changes.port(
          ChangeLevel.BREAKING,
          Area.SCHEMA,
          port,
          at,
          what + " of " + column + " changed from " + before.get() + " to " + after.get());
    }
  }

  /** Where each objective of a port is declared in the new spec: the port's, else the product's. */
  private static Function<String, String> objectivePaths(
      ProductSpec spec, Output output, String path) {
    return objective -> {
      boolean own =
          switch (objective) {
            case "freshness" -> output.slo().freshness().isPresent();
            case "timeliness" -> output.slo().timeliness().isPresent();
            case "completeness" -> output.slo().completeness().isPresent();
            case "volume" -> output.slo().volume().isPresent();
            default -> output.slo().availability().isPresent();
          };
      boolean product =
          switch (objective) {
            case "freshness" -> spec.slo().freshness().isPresent();
            case "timeliness" -> spec.slo().timeliness().isPresent();
            case "completeness" -> spec.slo().completeness().isPresent();
            case "volume" -> spec.slo().volume().isPresent();
            default -> spec.slo().availability().isPresent();
          };
      return own || !product ? path + ".slo." + objective : "slo." + objective;
    };
  }

  private static void compareObjectives(
      Slo before, Slo after, Function<String, String> paths, String port, Changes changes) {
    compareLimit(
        "freshness",
        before.freshness(),
        after.freshness(),
        paths.apply("freshness"),
        port,
        changes);
    if (before.timeliness().isPresent() != after.timeliness().isPresent()) {
      objectivePresence("timeliness", after.timeliness().isPresent(), paths, port, changes);
    } else if (before.timeliness().isPresent()) {
      compareLimit(
          "timeliness p50",
          before.timeliness().get().p50(),
          after.timeliness().get().p50(),
          paths.apply("timeliness"),
          port,
          changes);
      compareLimit(
          "timeliness p95",
          before.timeliness().get().p95(),
          after.timeliness().get().p95(),
          paths.apply("timeliness"),
          port,
          changes);
    }
    if (before.completeness().isPresent() != after.completeness().isPresent()) {
      objectivePresence("completeness", after.completeness().isPresent(), paths, port, changes);
    } else if (before.completeness().isPresent()) {
      Slo.Completeness old = before.completeness().get();
      Slo.Completeness now = after.completeness().get();
      compareMinimum(
          "completeness", old.min(), now.min(), paths.apply("completeness"), port, changes);
      if (!old.against().equals(now.against())
          || !old.expected().equals(now.expected())
          || !old.actual().equals(now.actual())) {
        changes.port(
            ChangeLevel.PATCH,
            Area.SLO,
            port,
            paths.apply("completeness"),
            "how completeness is measured changed");
      }
    }
    if (before.volume().isPresent() || after.volume().isPresent()) {
      Slo.Volume old =
          before.volume().orElse(new Slo.Volume(OptionalLong.empty(), OptionalLong.empty()));
      Slo.Volume now =
          after.volume().orElse(new Slo.Volume(OptionalLong.empty(), OptionalLong.empty()));
      compareBound("volume min", old.min(), now.min(), true, paths.apply("volume"), port, changes);
      compareBound("volume max", old.max(), now.max(), false, paths.apply("volume"), port, changes);
    }
    if (before.availability().isPresent() != after.availability().isPresent()) {
      objectivePresence("availability", after.availability().isPresent(), paths, port, changes);
    } else if (before.availability().isPresent()) {
      Slo.Availability old = before.availability().get();
      Slo.Availability now = after.availability().get();
      compareMinimum(
          "availability", old.min(), now.min(), paths.apply("availability"), port, changes);
      compareLimit(
          "availability window",
          Optional.of(old.window()),
          Optional.of(now.window()),
          paths.apply("availability"),
          port,
          changes);
    }
  }

  private static void objectivePresence(
      String objective,
      boolean added,
      Function<String, String> paths,
      String port,
      Changes changes) {
    changes.port(
        added ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
        Area.SLO,
        port,
        paths.apply(objective),
        objective + (added ? " objective added" : " objective removed"));
  }

  /** An upper limit on a duration: shorter is tighter. */
  private static void compareLimit(
      String objective,
      Optional<Duration> before,
      Optional<Duration> after,
      String path,
      String port,
      Changes changes) {
    if (before.equals(after)) {
      return;
    }
    if (before.isEmpty() || after.isEmpty()) {
      changes.port(
          after.isPresent() ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
          Area.SLO,
          port,
          path,
          objective
              + (after.isPresent()
                  ? " objective added: " + after.get()
                  : " objective removed (was " + before.get() + ")"));
      return;
    }
    boolean tighter = after.get().compareTo(before.get()) < 0;
    changes.port(
        tighter ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
        Area.SLO,
        port,
        path,
        objective + (tighter ? " tightened " : " loosened ") + before.get() + " -> " + after.get());
  }

  /** A minimum share: higher is tighter. */
  private static void compareMinimum(
      String objective, double before, double after, String path, String port, Changes changes) {
    if (before == after) {
      return;
    }
    boolean tighter = after > before;
    changes.port(
        tighter ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
        Area.SLO,
        port,
        path,
        objective + (tighter ? " tightened " : " loosened ") + before + " -> " + after);
  }

  /** A bound on a row count: a higher minimum or a lower maximum is tighter, none is loosest. */
  private static void compareBound(
      String objective,
      OptionalLong before,
      OptionalLong after,
      boolean lower,
      String path,
      String port,
      Changes changes) {
    if (before.equals(after)) {
      return;
    }
    boolean tighter;
    if (before.isEmpty()) {
      tighter = true;
    } else if (after.isEmpty()) {
      tighter = false;
    } else {
      tighter =
          lower ? after.getAsLong() > before.getAsLong() : after.getAsLong() < before.getAsLong();
    }
    changes.port(
        tighter ? ChangeLevel.MINOR : ChangeLevel.BREAKING,
        Area.SLO,
        port,
        path,
        objective + (tighter ? " tightened " : " loosened ") + text(before) + " -> " + text(after));
  }

  private static String text(OptionalLong bound) {
    return bound.isPresent() ? Long.toString(bound.getAsLong()) : "(none)";
  }

  private static void compareQuality(Output before, Output after, String path, Changes changes) {
    String port = after.name();
    String at = path + ".quality";
    Map<String, Expectation> previous = byName(before.quality(), Expectation::name);
    Map<String, Expectation> current = byName(after.quality(), Expectation::name);
    for (Expectation old : before.quality()) {
      if (!current.containsKey(old.name())) {
        changes.port(
            ChangeLevel.BREAKING,
            Area.QUALITY,
            port,
            at,
            "expectation '" + old.name() + "' removed");
      }
    }
    for (Expectation now : after.quality()) {
      Expectation old = previous.get(now.name());
      if (old == null) {
        changes.port(
            ChangeLevel.MINOR, Area.QUALITY, port, at, "expectation '" + now.name() + "' added");
        continue;
      }
      ChangeLevel level = expectationChange(old, now);
      if (level != ChangeLevel.NONE) {
        String how =
            switch (level) {
              case BREAKING -> " loosened or changed: it no longer promises as much";
              case MINOR -> " tightened";
              default -> "'s description changed";
            };
        changes.port(level, Area.QUALITY, port, at, "expectation '" + now.name() + "'" + how);
      }
    }
  }

  /**
   * How a change to an expectation reads to consumers: tighter (every run it would have failed
   * still fails) is minor, anything that may let through what failed before is breaking.
   */
  private static ChangeLevel expectationChange(Expectation before, Expectation after) {
    if (!before.metric().equals(after.metric())
        || !before.column().equals(after.column())
        || !before.columns().equals(after.columns())
        || !before.pattern().equals(after.pattern())
        || !before.query().equals(after.query())
        || !before.unit().equals(after.unit())) {
      return ChangeLevel.BREAKING;
    }
    boolean tighter = false;
    if (!before.validValues().equals(after.validValues())) {
      if (!before.validValues().isEmpty()
          && new HashSet<>(before.validValues()).containsAll(after.validValues())
          && !after.validValues().isEmpty()) {
        tighter = true;
      } else {
        return ChangeLevel.BREAKING;
      }
    }
    if (!before.minimum().equals(after.minimum())) {
      if (after.minimum().isPresent()
          && (before.minimum().isEmpty() || after.minimum().get() > before.minimum().get())) {
        tighter = true;
      } else {
        return ChangeLevel.BREAKING;
      }
    }
    if (!before.maximum().equals(after.maximum())) {
      if (after.maximum().isPresent()
          && (before.maximum().isEmpty() || after.maximum().get() < before.maximum().get())) {
        tighter = true;
      } else {
        return ChangeLevel.BREAKING;
      }
    }
    if (!before.threshold().equals(after.threshold())) {
      if (Accepted.of(after.threshold()).within(Accepted.of(before.threshold()))) {
        tighter = true;
      } else {
        return ChangeLevel.BREAKING;
      }
    }
    if (before.severity() != after.severity()) {
      if (after.severity() == Expectation.Severity.ERROR) {
        tighter = true;
      } else {
        return ChangeLevel.BREAKING;
      }
    }
    if (tighter) {
      return ChangeLevel.MINOR;
    }
    return before.description().equals(after.description())
            && before.dimension().equals(after.dimension())
        ? ChangeLevel.NONE
        : ChangeLevel.PATCH;
  }

  /**
   * The numbers a threshold accepts, as one interval, or as its complement for {@code mustNotBe}
   * and {@code mustNotBeBetween}.
   */
  private record Accepted(
      double low, boolean lowClosed, double high, boolean highClosed, boolean complement) {
    static Accepted of(Threshold threshold) {
      double value = threshold.value();
      double inf = Double.POSITIVE_INFINITY;
      return switch (threshold.operator()) {
        case MUST_BE -> new Accepted(value, true, value, true, false);
        case MUST_NOT_BE -> new Accepted(value, true, value, true, true);
        case MUST_BE_GREATER_THAN -> new Accepted(value, false, inf, false, false);
        case MUST_BE_GREATER_OR_EQUAL_TO -> new Accepted(value, true, inf, false, false);
        case MUST_BE_LESS_THAN -> new Accepted(-inf, false, value, false, false);
        case MUST_BE_LESS_OR_EQUAL_TO -> new Accepted(-inf, false, value, true, false);
        case MUST_BE_BETWEEN -> new Accepted(value, true, threshold.upper(), true, false);
        case MUST_NOT_BE_BETWEEN -> new Accepted(value, true, threshold.upper(), true, true);
      };
    }

    /** Whether every number this accepts, the other accepts too. */
    boolean within(Accepted other) {
      if (complement != other.complement) {
        return false;
      }
      // For complements, accepting less means excluding more: the other's gap is inside this one.
      Accepted inner = complement ? other : this;
      Accepted outer = complement ? this : other;
      boolean lowOk =
          inner.low > outer.low
              || (inner.low == outer.low && (!inner.lowClosed || outer.lowClosed));
      boolean highOk =
          inner.high < outer.high
              || (inner.high == outer.high && (!inner.highClosed || outer.highClosed));
      return lowOk && highOk;
    }
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(item -> map.putIfAbsent(name.apply(item), item));
    return map;
  }

  /** The changes found so far, in order. */
  private static final class Changes {
    private final List<SpecChange> list = new ArrayList<>();

    void product(ChangeLevel level, Area area, String path, String description) {
      list.add(new SpecChange(level, area, Optional.empty(), path, description));
    }

    void port(ChangeLevel level, Area area, String port, String path, String description) {
      list.add(new SpecChange(level, area, Optional.of(port), path, description));
    }

    List<SpecChange> list() {
      return List.copyOf(list);
    }
  }
}
