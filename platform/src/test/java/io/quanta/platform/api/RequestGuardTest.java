package io.quanta.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The request guard lets the UI's own pages through on any address, and no other site. */
class RequestGuardTest {
  @Test
  void anOriginIsTheServerItselfOnlyWhenItMatchesTheAddressedHost() {
    assertThat(RequestGuard.sameOrigin("http://10.1.2.3:8080", "10.1.2.3:8080")).isTrue();
    assertThat(RequestGuard.sameOrigin("http://Mesh.Example:8080", "mesh.example:8080")).isTrue();
    assertThat(RequestGuard.sameOrigin("http://mesh.example", "mesh.example:80")).isTrue();
    assertThat(RequestGuard.sameOrigin("http://mesh.example:80", "mesh.example")).isTrue();

    assertThat(RequestGuard.sameOrigin("http://evil.example", "10.1.2.3:8080")).isFalse();
    assertThat(RequestGuard.sameOrigin("http://10.1.2.3:9999", "10.1.2.3:8080")).isFalse();
    assertThat(RequestGuard.sameOrigin("https://10.1.2.3:8080", "10.1.2.3:8080")).isFalse();
    assertThat(RequestGuard.sameOrigin("http://10.1.2.3:8080", null)).isFalse();
    assertThat(RequestGuard.sameOrigin("not a url", "10.1.2.3:8080")).isFalse();
  }
}
