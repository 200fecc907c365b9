package io.quanta.engine;

/**
 * Where DuckDB sessions come from. Every session handed out is a database nobody used before; the
 * caller closes it.
 */
public interface Sessions {
  /** A fresh, configured session. */
  DuckDbSession open();

  /** Sessions opened on demand. */
  static Sessions direct(EngineSettings settings) {
    return () -> DuckDbSession.open(settings);
  }
}
