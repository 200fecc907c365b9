package io.quanta.cli;

import io.quanta.governance.Reader;
import io.quanta.platform.registry.Registry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "whoami",
    description =
        "Show the principal the token (--token, else $QUANTA_TOKEN) stands for: user, groups, roles, attributes.")
final class WhoamiCommand extends MeshCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Console console = console();
    try (Registry registry = openRegistry()) {
      Reader reader = root.reader(registry, config());
      var principal = reader.principal();
      if (principal.anonymous()) {
        console.println("anonymous (no token; this mesh allows anonymous reads)");
      } else {
        console.println("user:       " + principal.user());
        console.println("groups:     " + orNone(String.join(", ", sorted(principal.groups()))));
        console.println("roles:      " + orNone(String.join(", ", sorted(principal.roles()))));
        console.println("attributes: " + orNone(TokenCommand.attributes(principal.attributes())));
      }
      reader.purpose().ifPresent(purpose -> console.println("purpose:    " + purpose));
      return 0;
    }
  }

  private static java.util.List<String> sorted(java.util.Set<String> names) {
    return names.stream().sorted().toList();
  }

  private static String orNone(String text) {
    return text.isEmpty() ? "(none)" : text;
  }
}
