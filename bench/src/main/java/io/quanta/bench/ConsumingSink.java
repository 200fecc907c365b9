package io.quanta.bench;

import io.quanta.engine.ResultColumn;
import io.quanta.ports.sql.ResultSink;
import java.util.List;
import java.util.Optional;

/** A query sink that takes every row, as a client would, and keeps only the first. */
public final class ConsumingSink implements ResultSink {
  private long rows;
  private List<Object> firstRow;

  @Override
  public void columns(List<ResultColumn> columns) {
    // Nothing to prepare: rows are counted, not kept.
  }

  @Override
  public boolean row(List<Object> values) {
    if (rows == 0) {
      firstRow = values;
    }
    rows++;
    return true;
  }

  /** The rows received. */
  public long rows() {
    return rows;
  }

  /** The first row, if there was one. */
  public Optional<List<Object>> firstRow() {
    return Optional.ofNullable(firstRow);
  }
}
