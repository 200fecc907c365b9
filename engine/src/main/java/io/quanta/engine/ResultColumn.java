package io.quanta.engine;

/**
 * A column of a query's result as DuckDB describes it.
 *
 * @param name the column name
 * @param duckType DuckDB's type name, e.g. {@code BIGINT} or {@code DECIMAL(18,3)}
 */
public record ResultColumn(String name, String duckType) {}
