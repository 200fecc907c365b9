package io.quanta.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Assertions on generated data folders. */
final class GeneratedData {
  private GeneratedData() {}

  /** The files under a folder, relative to it, sorted. */
  static List<String> relativeFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> folder.relativize(file).toString())
          .sorted()
          .toList();
    }
  }

  /**
   * Asserts that two data folders hold the same files with the same content: text files byte for
   * byte, Parquet files the same columns and rows (compared by DuckDB, not by bytes).
   */
  static void assertSameData(Path expected, Path actual) throws IOException, SQLException {
    List<String> files = relativeFiles(expected);
    assertThat(relativeFiles(actual)).containsExactlyElementsOf(files);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
      for (String file : files) {
        Path left = expected.resolve(file);
        Path right = actual.resolve(file);
        if (file.endsWith(".parquet")) {
          String leftScan = "read_parquet(" + literal(left.toString()) + ")";
          String rightScan = "read_parquet(" + literal(right.toString()) + ")";
          assertThat(rows(connection, "DESCRIBE SELECT * FROM " + rightScan))
              .as("columns of %s", file)
              .isEqualTo(rows(connection, "DESCRIBE SELECT * FROM " + leftScan));
          assertThat(rows(connection, "SELECT * FROM " + rightScan))
              .as("rows of %s, in order", file)
              .isEqualTo(rows(connection, "SELECT * FROM " + leftScan));
        } else {
          assertThat(Files.readString(right))
              .as("content of %s", file)
              .isEqualTo(Files.readString(left));
        }
      }
    }
  }

  /** The rows of a query, each as the text of its columns. */
  static List<List<String>> rows(Connection connection, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int count = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
