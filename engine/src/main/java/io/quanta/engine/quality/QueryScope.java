package io.quanta.engine.quality;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.SqlGuard;
import io.quanta.engine.SqlRejected;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that a user's query (a sql expectation, a completeness count) reads only the tables it is
 * meant to: the guard refuses files, table functions, settings and catalog functions, and this
 * refuses every table that is not in the given set.
 */
final class QueryScope {
  private QueryScope() {}

  /**
   * Checks the query against the guard and the allowed tables.
   *
   * @param what names the query in messages, e.g. {@code expectation 'no_future_plays'}
   * @param allowed the one-part table names the query may read, lower case
   * @param allowedDescription what those tables are, e.g. {@code the port's rows}
   * @throws SqlRejected naming the query and the first table outside the set
   */
  static void requireOnly(
      DuckDbSession session,
      String sql,
      String what,
      Set<String> allowed,
      String allowedDescription) {
    SqlGuard.Analysis analysis;
    try {
      analysis = SqlGuard.analyze(session, sql);
    } catch (SqlRejected rejected) {
      throw new SqlRejected(
          what + ": " + rejected.getMessage(), rejected.syntaxError(), rejected.position());
    }
    for (SqlGuard.TableReference table : analysis.tables()) {
      boolean known =
          table.parts().size() == 1
              && allowed.contains(table.parts().get(0).toLowerCase(Locale.ROOT));
      if (!known) {
        throw new SqlRejected(
            what
                + " reads table '"
                + table.name()
                + "', but may read only "
                + String.join(
                    ", ", new TreeSet<>(allowed).stream().map(t -> "'" + t + "'").toList())
                + " ("
                + allowedDescription
                + ")",
            false,
            table.position());
      }
    }
  }
}
