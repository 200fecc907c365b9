package io.quanta.standards;

import io.quanta.error.Problem;
import io.quanta.spec.YamlTree;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the documents of a YAML or JSON file: one, or several separated by {@code ---} lines (the
 * way {@code quanta export-spec} prints them), each located in the file as written.
 */
final class DocumentReader {
  private static final Pattern SEPARATOR = Pattern.compile("---(\\s.*)?");

  /** What a file held: its documents, or why it could not be read. */
  record Result(List<SourceDocument> documents, List<Problem> problems) {
    Result {
      documents = List.copyOf(documents);
      problems = List.copyOf(problems);
    }
  }

  private DocumentReader() {}

  static Result read(Path path) {
    String file = path.toString();
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed(file, "no such file");
    } catch (MalformedInputException e) {
      return failed(file, "the file is not UTF-8 text");
    } catch (IOException e) {
      return failed(file, "cannot read the file: " + e.getMessage());
    }
    List<SourceDocument> documents = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int start = 0;
    for (int i = 0; i <= lines.length; i++) {
      if (i == lines.length || SEPARATOR.matcher(lines[i].stripTrailing()).matches()) {
        readPart(file, lines, start, i, documents, problems);
        start = i + 1;
      }
    }
    if (documents.isEmpty() && problems.isEmpty()) {
      problems.add(new Problem(file, 1, 1, "", "the file holds no document"));
    }
    return new Result(documents, problems);
  }

  /**
   * Reads the lines from start (inclusive) to end (exclusive) as one document; the lines before it
   * are kept blank so that every location is the file's.
   */
  private static void readPart(
      String file,
      String[] lines,
      int start,
      int end,
      List<SourceDocument> documents,
      List<Problem> problems) {
    boolean empty = true;
    StringBuilder part = new StringBuilder("\n".repeat(start));
    for (int i = start; i < end; i++) {
      String line = lines[i];
      part.append(line).append('\n');
      String content = line.strip();
      if (!content.isEmpty() && !content.startsWith("#")) {
        empty = false;
      }
    }
    if (empty) {
      return;
    }
    YamlTree.Result yaml = YamlTree.read(file, part.toString());
    if (yaml.tree().isEmpty() || !yaml.problems().isEmpty()) {
      problems.addAll(yaml.problems());
      return;
    }
    if (!yaml.tree().get().isObject()) {
      problems.add(
          new Problem(file, start + 1, 1, "", "expected an ODPS or ODCS document (a mapping)"));
      return;
    }
    documents.add(new SourceDocument(file, yaml.tree().get(), yaml.locations()));
  }

  private static Result failed(String file, String message) {
    return new Result(List.of(), List.of(new Problem(file, 0, 0, "", message)));
  }
}
