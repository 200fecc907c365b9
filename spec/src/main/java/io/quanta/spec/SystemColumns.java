package io.quanta.spec;

import java.util.List;

/**
 * The columns every output port carries besides its declared schema (DESIGN.md §5). Their names
 * start with '_', which declared columns cannot.
 */
public final class SystemColumns {
  /** When the fact happened: the port's {@code eventTime} column as a UTC timestamp. */
  public static final String EVENT_TIME = "_event_time";

  /** When the mesh learned the fact: the commit time of the run that wrote the row. */
  public static final String PROCESSED_AT = "_processed_at";

  /** The run that wrote the row. */
  public static final String RUN_ID = "_run_id";

  /** In table order. */
  public static final List<String> ALL = List.of(EVENT_TIME, PROCESSED_AT, RUN_ID);

  private SystemColumns() {}
}
