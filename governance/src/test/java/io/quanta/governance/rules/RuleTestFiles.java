package io.quanta.governance.rules;

import io.quanta.governance.policy.PolicyParser;
import io.quanta.governance.policy.PolicyScope;
import io.quanta.governance.policy.PolicySet;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The governance files and specs under {@code src/test/resources/rules/}. */
final class RuleTestFiles {
  private RuleTestFiles() {}

  static Path folder(String name) {
    try {
      return Path.of(RuleTestFiles.class.getClassLoader().getResource("rules/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code *.yaml} files of a folder, in name order, named by file name. */
  static List<GovernanceSource> governance(String folder) {
    List<GovernanceSource> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder(folder))) {
      for (Path file : files.sorted().toList()) {
        sources.add(
            new GovernanceSource(
                file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sources;
  }

  static ProductSpec spec(String name) {
    return SpecParser.create().parse(folder("specs").resolve(name)).orThrow();
  }

  static PolicySet local(ProductSpec spec) {
    PolicyParser.Result result =
        PolicyParser.parse(spec.policies(), "policies", spec.locations(), PolicyScope.LOCAL);
    if (!result.problems().isEmpty()) {
      throw new IllegalArgumentException(result.problems().toString());
    }
    return result.policies();
  }
}
