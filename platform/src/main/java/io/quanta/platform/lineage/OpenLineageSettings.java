package io.quanta.platform.lineage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the mesh sends the OpenLineage events of its runs ({@code openlineage:} in {@code
 * quanta.yaml}).
 *
 * @param transport how events are sent
 * @param file the JSON lines file events are appended to, for {@link Transport#FILE}
 * @param url the OpenLineage backend (Marquez...), for {@link Transport#HTTP}; events are posted to
 *     {@code <url>/api/v1/lineage}
 * @param apiKeyEnv the NAME of the environment variable holding the backend's API key, sent as a
 *     bearer token
 * @param namespace the namespace of jobs; ports are datasets in {@code quanta://<namespace>}
 */
public record OpenLineageSettings(
    Transport transport,
    Optional<Path> file,
    Optional<URI> url,
    Optional<String> apiKeyEnv,
    String namespace) {
  /** No events are sent. */
  public static final OpenLineageSettings NONE =
      new OpenLineageSettings(
          Transport.NONE, Optional.empty(), Optional.empty(), Optional.empty(), "quanta");

  public OpenLineageSettings {
    requireNonNull(transport, "transport is null");
    requireNonNull(file, "file is null");
    requireNonNull(url, "url is null");
    requireNonNull(apiKeyEnv, "apiKeyEnv is null");
    requireNonNull(namespace, "namespace is null");
    if (transport == Transport.FILE && file.isEmpty()) {
      throw new IllegalArgumentException("the file transport needs a file");
    }
    if (transport == Transport.HTTP && url.isEmpty()) {
      throw new IllegalArgumentException("the http transport needs a url");
    }
  }

  /** How events are sent. */
  public enum Transport {
    NONE,
    /** Appended to a file, one JSON event a line. */
    FILE,
    /** Posted to an OpenLineage HTTP backend. */
    HTTP
  }
}
