package io.quanta.platform.governance;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sessions;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.engine.SqlGuard;
import io.quanta.engine.SqlRejected;
import io.quanta.error.Problem;
import io.quanta.governance.policy.PolicySet;
import io.quanta.governance.policy.PortDecision;
import io.quanta.governance.policy.Rules;
import io.quanta.ports.policy.MaskKey;
import io.quanta.ports.policy.PolicyViews;
import io.quanta.spec.Column;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SourceMap;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the SQL of row filters before they are stored (at deploy, and on the control port): each
 * {@code where} must be a condition over the port's own columns that DuckDB binds, with its
 * parameters, and must read nothing else (no tables, files or catalog functions). Without this, a
 * typo would only show when a reader reads the port, as a failed read.
 */
public final class RowFilterChecks {
  private static final MaskKey NO_KEY = MaskKey.of(new byte[16]);

  private final Sessions sessions;
  private final SqlGuard.Parser parser;

  public RowFilterChecks(Sessions sessions, SqlGuard.Parser parser) {
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.parser = requireNonNull(parser, "parser is null");
  }

  /** The problems of the row filters of the policies over the product's ports. */
  public List<Problem> check(ProductSpec spec, PolicySet policies, SourceMap locations) {
    List<Problem> problems = new ArrayList<>();
    for (Rules.RowFilter filter : policies.rowFilters()) {
      for (Output output : spec.outputs()) {
        if (!filter.ports().isEmpty() && !filter.ports().contains(output.name())) {
          continue;
        }
        String error = check(output, filter);
        if (error != null) {
          SourceMap.Location at = locations.value(filter.origin() + ".where");
          problems.add(
              new Problem(
                  locations.file(),
                  at.line(),
                  at.column(),
                  filter.origin() + ".where",
                  "the row filter '"
                      + filter.where()
                      + "' does not apply to port "
                      + output.name()
                      + ": "
                      + error));
          break;
        }
      }
    }
    return problems;
  }

  /**
   * Why the filter does not bind to the port, or null when it does with its parameters bound either
   * as strings or as lists of strings (an attribute may be either).
   */
  private String check(Output output, Rules.RowFilter filter) {
    String asStrings = check(output, filter, "");
    if (asStrings == null || filter.parameters().isEmpty()) {
      return asStrings;
    }
    return check(output, filter, List.of("")) == null ? null : asStrings;
  }

  private String check(Output output, Rules.RowFilter filter, Object sample) {
    List<String> columns = new ArrayList<>();
    for (Column column : output.schema()) {
      columns.add(
          "CAST(NULL AS "
              + DuckTypes.sqlType(column.type())
              + ") AS "
              + Sql.identifier(column.name()));
    }
    List<PortDecision.Parameter> parameters = new ArrayList<>();
    filter.parameters().forEach(name -> parameters.add(new PortDecision.Parameter(name, sample)));
    PortDecision decision =
        new PortDecision(
            true,
            List.of(),
            List.of(),
            java.util.Map.of(),
            List.of(
                new PortDecision.AppliedFilter(filter.qualifiedId(), filter.where(), parameters)),
            List.of());
    PolicyViews views = new PolicyViews(NO_KEY);
    String condition = views.condition(decision).orElseThrow();
    String rows = "SELECT " + String.join(", ", columns);
    try {
      // Only the port's columns: a subquery naming a table, a file or the catalog is refused.
      SqlGuard.Analysis analysis =
          parser.analyze(
              "SELECT * FROM (" + rows + ") AS p WHERE " + filter.where().replace(':', '_'));
      if (!analysis.tables().isEmpty()) {
        return "a row filter reads the port's own columns only, not "
            + analysis.tables().get(0).name();
      }
    } catch (SqlRejected rejected) {
      return rejected.getMessage();
    }
    try (DuckDbSession session = sessions.open()) {
      views.bind(session);
      session.execute(
          "SELECT * FROM (" + rows + ") AS __quanta_rows WHERE " + condition + " LIMIT 0");
      return null;
    } catch (SqlFailure e) {
      return SqlFailure.summary(e.getMessage());
    } catch (SQLException e) {
      return SqlFailure.summary(e.getMessage());
    }
  }
}
