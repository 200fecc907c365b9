package io.quanta.platform.api;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/whoami}: the principal a request's token stands for, as the API sees it. */
final class IdentityRoutes {
  void register(JavalinDefaultRoutingApi routes) {
    routes.get("/api/v1/whoami", this::whoami);
  }

  private void whoami(Context context) {
    Reader reader = ApiPrincipal.reader(context);
    Principal principal = reader.principal();
    Map<String, Object> body = new LinkedHashMap<>(principal.toCel());
    reader.purpose().ifPresent(purpose -> body.put("purpose", purpose));
    context.json(body);
  }
}
