package io.quanta.platform.discovery;

import java.util.List;

/**
 * A line of the product list.
 *
 * @param product {@code domain/name}
 * @param major the major version
 * @param version the full deployed version
 * @param kind source-aligned, aggregate or consumer-aligned
 * @param owner who answers for it
 * @param description what it holds
 * @param ports the SQL names of its output ports
 * @param lastRun the state of its latest run, {@code null} if it never ran
 * @param lastRunAt when its latest run started
 * @param state {@code active}, {@code deprecated} or {@code retired}
 */
public record ProductSummary(
    String product,
    int major,
    String version,
    String kind,
    String owner,
    String description,
    List<String> ports,
    String lastRun,
    String lastRunAt,
    String state) {}
