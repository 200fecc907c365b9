package io.quanta.engine.quality;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.EngineSettings;
import io.quanta.engine.Sql;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import io.quanta.spec.SystemColumns;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The podcast plays port of {@code quality/plays.yaml} and its test rows, in a real DuckDB. */
final class TestPorts {
  private TestPorts() {}

  static DuckDbSession open(Path temp) {
    return DuckDbSession.open(new EngineSettings(1, "512MB", temp.resolve("duckdb")));
  }

  static Path resource(String name) {
    try {
      return Path.of(TestPorts.class.getResource("/quality/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ProductSpec playsSpec() {
    return SpecParser.create().parse(resource("plays.yaml")).orThrow();
  }

  static Output plays() {
    return playsSpec().outputs().get(0);
  }

  /**
   * Loads a CSV file of the port's columns into a temp table typed as the port declares, with the
   * event time system column, as a run computes it.
   *
   * @return the table's name, as SQL
   */
  static String load(DuckDbSession session, Output output, String csv, String table) {
    List<String> select = new ArrayList<>();
    for (Column column : output.schema()) {
      select.add(
          "CAST("
              + Sql.identifier(column.name())
              + " AS "
              + DuckTypes.sqlType(column.type())
              + ") AS "
              + Sql.identifier(column.name()));
    }
    select.add(
        output
                .eventTime()
                .map(column -> "CAST(" + Sql.identifier(column) + " AS TIMESTAMPTZ)")
                .orElse("CAST(NULL AS TIMESTAMPTZ)")
            + " AS "
            + Sql.identifier(SystemColumns.EVENT_TIME));
    session.execute(
        "CREATE TEMP TABLE "
            + Sql.identifier(table)
            + " AS SELECT "
            + String.join(", ", select)
            + " FROM read_csv("
            + Sql.literal(resource(csv).toString())
            + ", header = true, all_varchar = true)");
    return Sql.identifier(table);
  }

  /** The input view {@code users}, as the run's session has it. */
  static void usersView(DuckDbSession session) {
    session.execute(
        "CREATE VIEW users AS SELECT * FROM read_csv("
            + Sql.literal(resource("users.csv").toString())
            + ", header = true)");
  }
}
