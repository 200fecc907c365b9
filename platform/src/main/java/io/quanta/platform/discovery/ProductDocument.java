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
 * @param state active
 * @param deployedAt when the current spec was deployed
 * @param firstDeployedAt when the major version was first deployed
 * @param otherMajors other deployed major versions of the product
 * @param inputs the input ports
 * @param ports the output ports
 * @param slo the declared service level objectives
 * @param downstream products reading this one's ports
 * @param runs the latest runs, newest first
 */
public record ProductDocument(
    String product,
    int major,
    String version,
    String owner,
    String description,
    String kind,
    List<String> tags,
    String state,
    String deployedAt,
    String firstDeployedAt,
    List<Integer> otherMajors,
    List<InputDocument> inputs,
    List<PortDocument> ports,
    Map<String, Object> slo,
    List<String> downstream,
    List<RunSummary> runs) {

  /**
   * An input port.
   *
   * @param name its table name inside the SQL
   * @param kind {@code product} or {@code file}
   * @param source the upstream port ({@code domain/name:major/port}) or the file path
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
      Long rows) {}

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
