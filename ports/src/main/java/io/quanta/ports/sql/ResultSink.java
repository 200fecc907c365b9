package io.quanta.ports.sql;

import io.quanta.engine.ResultColumn;
import java.util.List;

/** Receives a query's result as it streams out of the engine. Called from one thread. */
public interface ResultSink {
  /** Called once, before any row. */
  void columns(List<ResultColumn> columns);

  /**
   * Called once per row with JSON-friendly values (see {@link Values}).
   *
   * @return false to stop reading further rows
   */
  boolean row(List<Object> values);
}
