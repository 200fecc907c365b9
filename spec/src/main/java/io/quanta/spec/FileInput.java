package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An input that reads files: one file or a glob, read in full on every run.
 *
 * @param name the table name inside the SQL
 * @param file the path as written in the spec
 * @param location the absolute path or glob, resolved against the spec file's folder
 * @param format the file format
 * @param delimiter CSV only: the field separator, detected when empty
 * @param header CSV only: whether the first line names the columns, detected when empty
 * @param schema the columns the file must have; empty to take them from the file
 */
public record FileInput(
    String name,
    String file,
    String location,
    FileFormat format,
    Optional<String> delimiter,
    Optional<Boolean> header,
    List<Column> schema)
    implements Input {
  public FileInput {
    requireNonNull(name, "name is null");
    requireNonNull(file, "file is null");
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(delimiter, "delimiter is null");
    requireNonNull(header, "header is null");
    schema = List.copyOf(schema);
  }
}
