package io.quanta.flight;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the server tells clients about itself (GetSqlInfo): Quanta, its version, read-only, DuckDB's
 * SQL dialect (case-insensitive identifiers quoted with {@code "}, NULLs sorted last), domains as
 * catalogs and products as schemas.
 */
final class ServerInfo {
  static final String SERVER_NAME = "Quanta";

  private final SqlInfoBuilder builder = new SqlInfoBuilder();
  private final Set<Integer> provided = new LinkedHashSet<>();

  ServerInfo() {
    provide(SqlInfo.FLIGHT_SQL_SERVER_NAME, info -> info.withFlightSqlServerName(SERVER_NAME));
    provide(SqlInfo.FLIGHT_SQL_SERVER_VERSION, info -> info.withFlightSqlServerVersion(version()));
    provide(
        SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION,
        info -> info.withFlightSqlServerArrowVersion(arrowVersion()));
    provide(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, info -> info.withFlightSqlServerReadOnly(true));
    provide(SqlInfo.FLIGHT_SQL_SERVER_SQL, info -> info.withFlightSqlServerSql(true));
    provide(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, info -> info.withFlightSqlServerSubstrait(false));
    provide(
        SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION,
        info ->
            info.withFlightSqlServerTransaction(
                SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE));
    provide(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, info -> info.withFlightSqlServerCancel(false));
    provide(
        SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION,
        info -> info.withFlightSqlServerBulkIngestion(false));
    provide(SqlInfo.SQL_DDL_CATALOG, info -> info.withSqlDdlCatalog(false));
    provide(SqlInfo.SQL_DDL_SCHEMA, info -> info.withSqlDdlSchema(false));
    provide(SqlInfo.SQL_DDL_TABLE, info -> info.withSqlDdlTable(false));
    provide(
        SqlInfo.SQL_IDENTIFIER_CASE,
        info ->
            info.withSqlIdentifierCase(
                SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE));
    provide(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, info -> info.withSqlIdentifierQuoteChar("\""));
    provide(
        SqlInfo.SQL_QUOTED_IDENTIFIER_CASE,
        info ->
            info.withSqlQuotedIdentifierCase(
                SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE));
    provide(SqlInfo.SQL_SEARCH_STRING_ESCAPE, info -> info.withSqlSearchStringEscape("\\"));
    provide(SqlInfo.SQL_CATALOG_TERM, info -> info.withSqlCatalogTerm("domain"));
    provide(SqlInfo.SQL_SCHEMA_TERM, info -> info.withSqlSchemaTerm("product"));
    provide(SqlInfo.SQL_PROCEDURE_TERM, info -> info.withSqlProcedureTerm("procedure"));
    provide(SqlInfo.SQL_CATALOG_AT_START, info -> info.withSqlCatalogAtStart(true));
    provide(
        SqlInfo.SQL_ALL_TABLES_ARE_SELECTABLE, info -> info.withSqlAllTablesAreSelectable(true));
    provide(
        SqlInfo.SQL_NULL_ORDERING,
        info -> info.withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_AT_END));
    provide(
        SqlInfo.SQL_SUPPORTED_GRAMMAR,
        info ->
            info.withSqlSupportedGrammar(
                SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR, SupportedSqlGrammar.SQL_CORE_GRAMMAR));
    provide(
        SqlInfo.SQL_ANSI92_SUPPORTED_LEVEL,
        info -> info.withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL));
    provide(
        SqlInfo.SQL_OUTER_JOINS_SUPPORT_LEVEL,
        info -> info.withSqlOuterJoinSupportLevel(SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS));
    provide(
        SqlInfo.SQL_SUPPORTED_GROUP_BY,
        info ->
            info.withSqlSupportedGroupBy(
                SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED,
                SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT));
    provide(
        SqlInfo.SQL_SUPPORTED_SUBQUERIES,
        info ->
            info.withSqlSubQueriesSupported(
                SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
                SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
                SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
                SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS));
    provide(
        SqlInfo.SQL_SUPPORTED_UNIONS,
        info ->
            info.withSqlSupportedUnions(
                SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL));
    provide(SqlInfo.SQL_SUPPORTS_COLUMN_ALIASING, info -> info.withSqlSupportsColumnAliasing(true));
    provide(SqlInfo.SQL_NULL_PLUS_NULL_IS_NULL, info -> info.withSqlNullPlusNullIsNull(true));
    provide(
        SqlInfo.SQL_SUPPORTS_TABLE_CORRELATION_NAMES,
        info -> info.withSqlSupportsTableCorrelationNames(true));
    provide(
        SqlInfo.SQL_SUPPORTS_DIFFERENT_TABLE_CORRELATION_NAMES,
        info -> info.withSqlSupportsDifferentTableCorrelationNames(false));
    provide(
        SqlInfo.SQL_SUPPORTS_EXPRESSIONS_IN_ORDER_BY,
        info -> info.withSqlSupportsExpressionsInOrderBy(true));
    provide(
        SqlInfo.SQL_SUPPORTS_ORDER_BY_UNRELATED,
        info -> info.withSqlSupportsOrderByUnrelated(true));
    provide(
        SqlInfo.SQL_SUPPORTS_LIKE_ESCAPE_CLAUSE,
        info -> info.withSqlSupportsLikeEscapeClause(true));
    provide(
        SqlInfo.SQL_SUPPORTS_NON_NULLABLE_COLUMNS,
        info -> info.withSqlSupportsNonNullableColumns(true));
    provide(
        SqlInfo.SQL_CORRELATED_SUBQUERIES_SUPPORTED,
        info -> info.withSqlCorrelatedSubqueriesSupported(true));
    provide(
        SqlInfo.SQL_SELECT_FOR_UPDATE_SUPPORTED,
        info -> info.withSqlSelectForUpdateSupported(false));
    provide(
        SqlInfo.SQL_STORED_PROCEDURES_SUPPORTED,
        info -> info.withSqlStoredProceduresSupported(false));
    provide(SqlInfo.SQL_TRANSACTIONS_SUPPORTED, info -> info.withSqlTransactionsSupported(false));
    provide(SqlInfo.SQL_BATCH_UPDATES_SUPPORTED, info -> info.withSqlBatchUpdatesSupported(false));
    provide(SqlInfo.SQL_SAVEPOINTS_SUPPORTED, info -> info.withSqlSavepointsSupported(false));
    provide(
        SqlInfo.SQL_NAMED_PARAMETERS_SUPPORTED,
        info -> info.withSqlNamedParametersSupported(false));
    provide(
        SqlInfo.SQL_DEFAULT_TRANSACTION_ISOLATION,
        info -> info.withSqlDefaultTransactionIsolation(0)); // none: nothing is ever written
  }

  private void provide(SqlInfo info, UnaryOperator<SqlInfoBuilder> setter) {
    setter.apply(builder);
    provided.add(info.getNumber());
  }

  /**
   * Sends the requested information (all of it when none is named). Information the server does not
   * have is left out, as the protocol asks.
   */
  void send(List<Integer> requested, ServerStreamListener listener, BufferAllocator allocator) {
    List<Integer> known =
        requested.isEmpty()
            ? List.copyOf(provided)
            : requested.stream().filter(provided::contains).toList();
    if (known.isEmpty()) {
      Schema schema = FlightSqlProducer.Schemas.GET_SQL_INFO_SCHEMA;
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        root.setRowCount(0);
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
      return;
    }
    builder.send(known, listener);
  }

  /** Quanta's version, as the build wrote it into {@code flight.properties}. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = ServerInfo.class.getResourceAsStream("flight.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }

  private static String arrowVersion() {
    String version = Schema.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
