package io.quanta.platform.discovery;

import java.util.List;
import java.util.Map;

/**
 * A product version's root document: everything a consumer needs to find, understand and read it.
 * Times are ISO-8601 UTC text; absent values are {@code null}. Serialized as the API's JSON.
 *
 * @param product {@code domain/name}
 * @param major the major version this document describes
 * @param version the full deployed version
 * @param owner who answers for the product
 * @param description what it holds
 * @param kind source-aligned, aggregate or consumer-aligned
 * @param tags free labels
 * @param docs the product's documentation in Markdown, or null
 * @param state {@code active}, {@code deprecated} (still served; see {@code deprecation}); a
 *     retired version has no document
 * @param deployedAt when the current spec was deployed
 * @param firstDeployedAt when the major version was first deployed
 * @param otherMajors other deployed major versions of the product
 * @param inputs the input ports
 * @param ports the output ports
 * @param slo the overall {@code status} of the objectives and each one's status ({@code
 *     objectives})
 * @param upstream the products this one reads, by input: {@code domain/name:major/port}
 * @param downstream products reading this one's ports
 * @param runs the latest runs, newest first
 * @param trust the observability port: objectives, the latest run's quality checks, profiles (as
 *     the caller may see them) and run history
 * @param deprecation when, by whom and why it was deprecated, its sunset and successor; {@code
 *     null} for an active version
 */
public record ProductDocument(
    String product,
    int major,
    String version,
    String owner,
    String description,
    String kind,
    List<String> tags,
    String docs,
    String state,
    String deployedAt,
    String firstDeployedAt,
    List<Integer> otherMajors,
    List<InputDocument> inputs,
    List<PortDocument> ports,
    Map<String, Object> slo,
    List<String> upstream,
    List<String> downstream,
    List<RunSummary> runs,
    io.quanta.platform.trust.ProductTrust trust,
    Deprecation deprecation) {

  /**
   * A deprecation: the version is still served until it is retired, from its sunset on.
   *
   * @param deprecatedAt when it was deprecated
   * @param deprecatedBy who deprecated it
   * @param sunset from when it may be retired
   * @param successor the version to move to ({@code domain/name:major}), or null
   * @param successorHref the successor's root document in the API, or null
   * @param reason why, or null
   */
  public record Deprecation(
      String deprecatedAt,
      String deprecatedBy,
      String sunset,
      String successor,
      String successorHref,
      String reason) {}

  /**
   * An input port.
   *
   * @param name its table name inside the SQL
   * @param kind {@code product}, {@code file}, {@code jdbc} or {@code kafka}
   * @param source the upstream port ({@code domain/name:major/port}), the file path, the database
   *     URL (passwords hidden) and table, or the topic
   */
  public record InputDocument(String name, String kind, String source) {}

  /**
   * An output port.
   *
   * @param name the port's name
   * @param description what it holds
   * @param columns its declared columns
   * @param key the columns identifying a fact; empty for an event log
   * @param eventTime the column saying when facts happened
   * @param access the modes it is served in
   * @param addresses where to read it: {@code sql}, {@code sqlPinned}, {@code icebergTable}, {@code
   *     icebergMetadata}
   * @param snapshotId the latest committed snapshot
   * @param lastProcessedAt the processing time of the latest committed snapshot
   * @param rows rows in its latest state
   * @param caller what the caller may read of it: allowed or not, masks, filters, group sizes
   * @param sample a few of its rows as the caller may see them (policies applied), or why not
   */
  public record PortDocument(
      String name,
      String description,
      List<ColumnDocument> columns,
      List<String> key,
      String eventTime,
      List<String> access,
      Map<String, String> addresses,
      Long snapshotId,
      String lastProcessedAt,
      Long rows,
      CallerAccess caller,
      Sample sample) {}

  /**
   * What the caller may read of a port, as its policies decide on every read.
   *
   * @param allowed whether the caller may read it at all
   * @param reasons the rules that decided, in words
   * @param masks each masked column's method and rule, e.g. {@code email: hash (global:pii-hashed)}
   * @param filters the row filters applied to the caller
   * @param minGroupSizes the minimum group sizes applied to the caller
   */
  public record CallerAccess(
      boolean allowed,
      List<String> reasons,
      Map<String, String> masks,
      List<String> filters,
      List<String> minGroupSizes) {}

  /**
   * Sample rows of a port, read like any read (policies applied, audited).
   *
   * @param columns the columns, in order
   * @param rows up to {@value DiscoveryService#SAMPLE_ROWS} rows
   * @param note why there are none, when there are none (not allowed, no data yet, events only)
   */
  public record Sample(List<String> columns, List<List<Object>> rows, String note) {}

  /** A column with its type, meaning and links. */
  public record ColumnDocument(
      String name,
      String type,
      String description,
      boolean required,
      String semantic,
      String classification,
      String links) {}

  /** A run, briefly. */
  public record RunSummary(
      String id,
      String state,
      String trigger,
      String startedAt,
      String finishedAt,
      String processedAt,
      long rowsWritten,
      String error) {}
}
