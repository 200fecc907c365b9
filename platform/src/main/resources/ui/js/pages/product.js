// A product's page: its root document as the signed-in user sees it (docs, ports and addresses,
// schema with links, what the user may read, sample rows, SLOs, runs), a query box running SQL
// through the SQL port with the user's token, and its lineage drawn as a graph.

import { api, ApiError } from "../api.js";
import {
  ago,
  badge,
  copyButton,
  dataTable,
  domainHref,
  h,
  kindBadge,
  loading,
  markdown,
  mount,
  notice,
  number,
  parseProductRef,
  productHref,
  runBadge,
  section,
  sloBadge,
  tagChips,
  time,
} from "../dom.js";
import { drawGraph, domainColor } from "../graphs.js";
import { loadLineage } from "../lineage.js";
import { productDocument } from "../products.js";

export async function renderProduct(container, route, context) {
  const [, domain, name, majorText] = route.path;
  mount(container, loading(domain + "/" + name));
  let doc;
  try {
    doc = await productDocument(domain, name, majorText);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      mount(
        container,
        notice("empty", "No such data product", error.message),
        h("a", { href: "#/?q=" + encodeURIComponent(name) }, "Search for “" + name + "”")
      );
      return;
    }
    if (error instanceof ApiError && error.status === 410) {
      mount(container, retiredNotice(name, error.message));
      return;
    }
    throw error;
  }
  context.setTitle(doc.product);
  const lineageBox = h("div", { class: "graph", id: "lineage-graph", role: "img", "aria-label": "Lineage graph of " + doc.product });
  mount(
    container,
    header(doc),
    deprecationBanner(doc),
    section(
      "Lineage",
      { id: "lineage" },
      h(
        "div",
        { class: "panel-actions" },
        h("span", { class: "legend" }, h("span", { class: "legend-upstream" }, "upstream ←"), " this product ", h("span", {}, "→ downstream")),
        h("a", { href: "#/lineage/" + [domain, name, doc.major].map(encodeURIComponent).join("/") }, "Open in the lineage explorer")
      ),
      lineageBox,
      h("p", { class: "fine", id: "lineage-note" }, "Click a product to open it.")
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "main-column" },
        doc.docs ? section("Documentation", { id: "docs" }, markdown(doc.docs)) : null,
        section(
          doc.ports.length === 1 ? "Output port" : "Output ports",
          { id: "ports" },
          doc.ports.map((port) => portView(doc, port))
        ),
        qualityPanel(doc),
        profilesPanel(doc),
        queryBox(doc)
      ),
      h(
        "aside",
        { class: "side-column" },
        flowPanel(doc),
        sloPanel(doc),
        runsPanel(doc),
        inputsPanel(doc)
      )
    )
  );

  try {
    const lineage = await loadLineage(domain, name, doc.major, "both", 2);
    if (!lineageBox.isConnected) {
      return;
    }
    const cy = drawGraph(lineageBox, lineage, { onOpen: (node) => context.navigate(node.href) });
    context.onCleanup(() => cy.destroy());
    if (lineage.source === "documents") {
      document.getElementById("lineage-note").textContent =
        "Click a product to open it. Drawn from the products' inputs and consumers (this server has no lineage endpoint).";
    }
  } catch (error) {
    console.error(error);
    mount(lineageBox, notice("error", "The lineage could not be loaded", error.message));
  }
}

function header(doc) {
  const [domain, name] = doc.product.split("/");
  const lastRun = (doc.runs || [])[0];
  return h(
    "header",
    { class: "product-header", style: "--domain:" + domainColor(domain) },
    h(
      "nav",
      { class: "breadcrumb", "aria-label": "Breadcrumb" },
      h("a", { href: "#/" }, "Products"),
      h("span", { "aria-hidden": "true" }, " / "),
      h("a", { href: domainHref(domain) }, domain),
      h("span", { "aria-hidden": "true" }, " / "),
      h("span", {}, name)
    ),
    h(
      "div",
      { class: "title-row" },
      h("h1", { id: "product-title" }, name),
      h("span", { class: "version" }, "v" + doc.version),
      kindBadge(doc.kind),
      doc.state && doc.state !== "active" ? badge(doc.state, "warn") : null,
      sloBadge(doc.slo && doc.slo.status),
      piiBadge(doc),
      maskedBadge(doc)
    ),
    h("p", { class: "lead" }, doc.description),
    h(
      "dl",
      { class: "facts" },
      fact("Owner", h("a", { href: "#/?facet=" + encodeURIComponent("owner:" + doc.owner) }, doc.owner)),
      fact("Domain", h("a", { href: domainHref(domain) }, domain)),
      fact(
        "Version",
        "v" + doc.version + " (major " + doc.major + ")",
        (doc.otherMajors || []).map((major) => [" · ", h("a", { href: productHref(doc.product, major) }, "major " + major)])
      ),
      fact("Deployed", time(doc.deployedAt)),
      fact("Last run", lastRun ? [runBadge(lastRun.state), " ", ago(lastRun.finishedAt || lastRun.startedAt)] : "never run"),
      (doc.tags || []).length ? fact("Tags", h("span", { class: "tags" }, tagChips(doc.tags))) : null
    )
  );
}

/** Says a deprecated version will go: since when, its sunset, what to read instead and why. */
function deprecationBanner(doc) {
  const deprecation = doc.deprecation;
  if (!deprecation) {
    return null;
  }
  const successor = deprecation.successor ? parseProductRef(deprecation.successor) : null;
  return h(
    "div",
    { class: "notice notice-warn deprecation-banner", role: "status", id: "deprecation" },
    h("strong", {}, "Deprecated: sunset " + day(deprecation.sunset)),
    h(
      "div",
      { class: "notice-detail" },
      "This version is still served, and may be retired from " + day(deprecation.sunset) + ". ",
      successor
        ? ["Move to ", h("a", { href: productHref(successor.product, successor.major), class: "successor" }, deprecation.successor), ". "]
        : "It has no successor. ",
      deprecation.reason ? ["Why: ", deprecation.reason, ". "] : null,
      "Deprecated ",
      ago(deprecation.deprecatedAt),
      deprecation.deprecatedBy ? " by " + deprecation.deprecatedBy : null,
      "."
    )
  );
}

/** A retired version answers 410 Gone: its message names the successor, linked here. */
function retiredNotice(name, message) {
  const match = /successor is ([a-z][a-z0-9-]*\/[a-z][a-z0-9-]*:[0-9]+)/.exec(message || "");
  const successor = match ? parseProductRef(match[1]) : null;
  return [
    notice("empty", "Retired", message),
    successor
      ? h("a", { href: productHref(successor.product, successor.major), class: "successor" }, "Open its successor " + match[1])
      : h("a", { href: "#/?q=" + encodeURIComponent(name) }, "Search for “" + name + "”"),
  ];
}

function day(iso) {
  return iso ? String(iso).slice(0, 10) : "";
}

function fact(label, ...value) {
  return h("div", { class: "fact" }, h("dt", {}, label), h("dd", {}, ...value));
}

function piiBadge(doc) {
  const pii = doc.ports.some((port) => (port.columns || []).some((column) => column.classification === "pii"));
  return pii ? badge("pii", "pii", "Some columns hold personal data") : null;
}

function maskedBadge(doc) {
  const masked = doc.ports.reduce((count, port) => count + Object.keys((port.caller && port.caller.masks) || {}).length, 0);
  const refused = doc.ports.filter((port) => port.caller && !port.caller.allowed).length;
  if (refused > 0) {
    return badge(refused === doc.ports.length ? "no access for you" : refused + " port(s) refused to you", "bad");
  }
  return masked > 0 ? badge(masked + " masked for you", "warn", "Columns you read masked, by the product's policies") : null;
}

function portView(doc, port) {
  const caller = port.caller || { allowed: true, masks: {}, filters: [], minGroupSizes: [], reasons: [] };
  const key = new Set(port.key || []);
  return h(
    "article",
    { class: "port", id: "port-" + port.name, dataset: { port: port.name } },
    h(
      "div",
      { class: "port-head" },
      h("h3", {}, h("span", { class: "port-icon", "aria-hidden": "true" }, "⇥"), port.name),
      h(
        "span",
        { class: "port-badges" },
        (port.access || []).map((mode) => badge(mode, "info", "Served as " + mode)),
        badge(number(port.rows) + " rows", "neutral"),
        port.lastProcessedAt ? badge("updated " + ago(port.lastProcessedAt), "neutral", port.lastProcessedAt) : badge("no data yet", "warn")
      )
    ),
    port.description ? h("p", {}, port.description) : null,
    accessView(caller),
    h("h4", {}, "Schema"),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "schema" },
        h(
          "thead",
          {},
          h("tr", {}, ["Column", "Type", "Description", "Meaning", "For you", "Links to"].map((title) => h("th", {}, title)))
        ),
        h(
          "tbody",
          {},
          (port.columns || []).map((column) =>
            h(
              "tr",
              { dataset: { column: column.name } },
              h(
                "td",
                { class: "column-name" },
                h("code", {}, column.name),
                key.has(column.name) ? badge("key", "neutral", "Part of the key: a correction shares it") : null,
                port.eventTime === column.name ? badge("event time", "neutral", "When the fact happened") : null
              ),
              h("td", { class: "type" }, column.type, column.required ? h("span", { class: "muted" }, " not null") : null),
              h("td", {}, column.description || ""),
              h(
                "td",
                {},
                column.semantic
                  ? h("a", { class: "chip semantic", href: "#/graph?identifier=" + encodeURIComponent(column.semantic), title: "Identifier type" }, column.semantic)
                  : null,
                column.classification ? badge(column.classification, column.classification === "pii" ? "pii" : "neutral", "Classification") : null
              ),
              h(
                "td",
                {},
                caller.masks && caller.masks[column.name]
                  ? badge("masked: " + caller.masks[column.name].split(" (")[0], "warn", caller.masks[column.name])
                  : caller.allowed
                    ? h("span", { class: "muted" }, "clear")
                    : h("span", { class: "muted" }, "—")
              ),
              h("td", {}, linkView(column.links))
            )
          )
        )
      )
    ),
    addressesView(port),
    h("h4", {}, "Sample rows"),
    sampleView(port, caller)
  );
}

function linkView(link) {
  if (!link) {
    return null;
  }
  const ref = parseProductRef(link);
  if (!ref) {
    return h("code", {}, link);
  }
  return h(
    "a",
    { class: "schema-link", href: productHref(ref.product, ref.major), dataset: { product: ref.product }, title: "Open " + ref.product },
    h("span", { class: "link-product" }, ref.product + " →"),
    ref.port ? h("span", { class: "muted" }, ref.port + (ref.column ? "." + ref.column : "")) : null
  );
}

function accessView(caller) {
  if (!caller.allowed) {
    return h(
      "div",
      { class: "access access-denied" },
      h("strong", {}, "You may not read this port. "),
      (caller.reasons || []).join("; ")
    );
  }
  const masks = Object.entries(caller.masks || {});
  const lines = [];
  if (masks.length > 0) {
    lines.push(
      h(
        "li",
        {},
        "Masked for you: ",
        masks.map(([column, how], index) => [index ? ", " : "", h("code", {}, column), " (" + how + ")"])
      )
    );
  }
  (caller.filters || []).forEach((filter) => lines.push(h("li", {}, "Row filter: ", h("code", {}, filter))));
  (caller.minGroupSizes || []).forEach((rule) => lines.push(h("li", {}, "Minimum group size: ", rule)));
  if (lines.length === 0) {
    return h("div", { class: "access access-clear" }, "You read this port in clear: no mask or filter applies to you.");
  }
  return h("div", { class: "access access-limited" }, h("ul", {}, lines));
}

const ADDRESS_LABELS = {
  sql: "SQL",
  sqlPinned: "SQL, this major",
  flightSqlUrl: "JDBC (Flight SQL)",
  flightSqlTable: "JDBC table",
  rows: "REST rows",
  files: "Files",
  events: "Events",
  kafkaTopic: "Kafka topic",
  kafkaBootstrapServers: "Kafka servers",
  icebergTable: "Iceberg table",
  icebergMetadata: "Iceberg metadata",
};

function addressesView(port) {
  const entries = Object.entries(port.addresses || {});
  if (entries.length === 0) {
    return null;
  }
  return h(
    "details",
    { class: "addresses" },
    h("summary", {}, "Addresses: how to read it (" + entries.length + ")"),
    h(
      "dl",
      {},
      entries.map(([key, value]) =>
        h("div", { class: "address" }, h("dt", {}, ADDRESS_LABELS[key] || key), h("dd", {}, h("code", {}, value), copyButton(value)))
      )
    )
  );
}

function sampleView(port, caller) {
  const sample = port.sample;
  if (!sample || !sample.rows || sample.rows.length === 0) {
    return h("p", { class: "muted sample-note" }, (sample && sample.note) || "No rows yet.");
  }
  return h(
    "div",
    { class: "sample" },
    dataTable(sample.columns, sample.rows, { masked: Object.keys(caller.masks || {}), compact: true }),
    h("p", { class: "fine" }, "A few rows as you may read them, policies applied.")
  );
}

function queryBox(doc) {
  const port = doc.ports.find((candidate) => candidate.addresses && candidate.addresses.sql) || doc.ports[0];
  const table = port && port.addresses && port.addresses.sql;
  const sql = h(
    "textarea",
    { id: "query-sql", class: "sql", rows: 4, spellcheck: "false", "aria-label": "SQL query" },
    table ? "SELECT *\nFROM " + table + "\nLIMIT 20" : ""
  );
  const limit = h(
    "select",
    { id: "query-limit", "aria-label": "Row limit" },
    [100, 1000, 10000].map((value) => h("option", { value: String(value) }, number(value) + " rows"))
  );
  const result = h("div", { id: "query-result", class: "query-result", "aria-live": "polite" });
  const run = h("button", { type: "submit", class: "primary", id: "run-query" }, "Run query");
  const form = h(
    "form",
    {
      class: "query",
      onsubmit: async (event) => {
        event.preventDefault();
        run.disabled = true;
        mount(result, loading("results"));
        const started = performance.now();
        try {
          const answer = await api("/query", { method: "POST", body: { sql: sql.value, limit: Number(limit.value) } });
          mount(result, queryResult(answer, performance.now() - started));
        } catch (error) {
          mount(result, queryError(error, sql.value));
        } finally {
          run.disabled = false;
        }
        result.scrollIntoView({ block: "nearest" });
      },
    },
    sql,
    h(
      "div",
      { class: "query-actions" },
      run,
      limit,
      h("span", { class: "fine" }, "Ctrl+Enter runs it. Read through the SQL port as you, under every product's policies; any port of the mesh can be joined.")
    )
  );
  sql.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  return section("Query", { id: "query" }, form, result);
}

function queryResult(answer, millis) {
  return h(
    "div",
    { class: "query-ok" },
    h(
      "div",
      { class: "query-meta" },
      h("strong", { id: "query-row-count" }, answer.rowCount === 1 ? "1 row" : number(answer.rowCount) + " rows"),
      answer.truncated ? badge("truncated at the limit", "warn") : null,
      h("span", { class: "muted" }, " · " + Math.round(millis) + " ms · as of "),
      time(answer.asOf),
      answer.asOf ? copyButton(answer.asOf) : null
    ),
    answer.rows.length === 0
      ? h("p", { class: "muted" }, "No rows.")
      : h(
          "div",
          { class: "query-rows" },
          dataTable(
            answer.columns.map((column) => column.name),
            answer.rows
          )
        )
  );
}

function queryError(error, sql) {
  if (!(error instanceof ApiError)) {
    return notice("error", "The query could not be sent", error.message);
  }
  const lines = sql.split("\n");
  const located = error.errors.filter((entry) => entry.line > 0);
  return h(
    "div",
    { class: "query-error", role: "alert" },
    h("strong", {}, error.problem.title || "The query failed"),
    h("span", { class: "muted" }, " (HTTP " + error.status + ")"),
    h("p", {}, error.problem.detail || error.message),
    located.map((entry) =>
      h(
        "pre",
        { class: "error-location" },
        "line " + entry.line + ", column " + entry.column + "\n" + (lines[entry.line - 1] || "") + "\n" + " ".repeat(Math.max(0, entry.column - 1)) + "^ " + entry.message
      )
    )
  );
}

function flowPanel(doc) {
  const upstream = uniqueProducts(doc.upstream || []);
  const downstream = uniqueProducts(doc.downstream || []);
  const list = (id, refs, empty) =>
    refs.length === 0
      ? h("p", { class: "muted" }, empty)
      : h(
          "ul",
          { class: "product-refs", id },
          refs.map(({ ref, via }) =>
            h(
              "li",
              {},
              h(
                "a",
                { href: productHref(ref.product, ref.major), dataset: { product: ref.product }, class: "product-ref" },
                h("span", { class: "dot", style: "--domain:" + domainColor(ref.domain) }),
                ref.product
              ),
              via ? h("span", { class: "muted" }, " " + via) : null
            )
          )
        );
  return section(
    "Upstream and downstream",
    { id: "flow" },
    h("h4", {}, "Reads from"),
    list("upstream", upstream, "No other product: it reads only sources outside the mesh."),
    h("h4", {}, "Read by"),
    list("downstream", downstream, "No product reads it yet.")
  );
}

function uniqueProducts(references) {
  const seen = new Map();
  for (const reference of references) {
    const ref = parseProductRef(reference);
    if (!ref) {
      continue;
    }
    const key = ref.product + ":" + ref.major;
    const via = ref.port ? "port " + ref.port : (/\((.*)\)/.exec(reference) || [])[1];
    if (!seen.has(key)) {
      seen.set(key, { ref, via });
    }
  }
  return [...seen.values()];
}

function sloPanel(doc) {
  const slo = doc.slo || {};
  const objectives = slo.objectives || [];
  return section(
    "Service levels",
    { id: "slo" },
    h("div", {}, sloBadge(slo.status)),
    objectives.length === 0
      ? h("p", { class: "muted" }, "No SLO declared.")
      : h(
          "ul",
          { class: "slo-list" },
          objectives.map((objective) =>
            h(
              "li",
              { class: "slo-objective", title: objective.message },
              sloBadge(objective.status),
              " ",
              h("strong", {}, objective.objective),
              h("span", { class: "muted" }, " " + objective.port + " · " + objective.target),
              objective.observed ? h("div", { class: "fine" }, "observed " + objective.observed) : null
            )
          )
        )
  );
}

const CHECK_TONES = { passed: "good", failed: "bad" };

/** The quality checks of the latest finished run: expectations, measured objectives, drift. */
function qualityPanel(doc) {
  const trust = doc.trust || {};
  const checks = trust.checks || [];
  return section(
    "Quality",
    { id: "quality" },
    checks.length === 0
      ? h("p", { class: "muted" }, "No checks yet: they run with every run of the product.")
      : h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { class: "checks" },
            h("tr", {}, ["port", "check", "kind", "severity", "status", "observed", "threshold", "what was found"].map((title) => h("th", {}, title))),
            checks.map((check) =>
              h(
                "tr",
                { class: "check-" + check.status },
                h("td", {}, check.port || ""),
                h("td", {}, h("code", {}, check.name)),
                h("td", {}, check.kind),
                h("td", {}, check.severity),
                h("td", {}, badge(check.kind === "drift" && check.status === "failed" ? "drift" : check.status, check.kind === "drift" ? "warn" : CHECK_TONES[check.status] || "neutral")),
                h("td", {}, check.observed || ""),
                h("td", {}, check.threshold || ""),
                h("td", { class: "fine" }, check.message)
              )
            )
          )
        ),
    trust.checkedRun ? h("p", { class: "fine" }, "Checked by run " + trust.checkedRun + ".") : null
  );
}

const PROFILE_SKIP = new Set(["column", "histogram", "topValues"]);

/** Each port's latest column profile, as the reader may see it. */
function profilesPanel(doc) {
  const profiles = (doc.trust || {}).profiles || [];
  if (profiles.length === 0) {
    return null;
  }
  return section(
    "Profiles",
    { id: "profiles" },
    profiles.map((profile) => {
      if (profile.withheld) {
        return h("div", { class: "profile" }, h("h3", {}, profile.port), h("p", { class: "muted" }, profile.withheld));
      }
      const columns = Array.isArray(profile.columns) ? profile.columns : [];
      const keys = [];
      columns.forEach((column) =>
        Object.entries(column).forEach(([key, value]) => {
          if (!PROFILE_SKIP.has(key) && (value === null || typeof value !== "object") && !keys.includes(key)) {
            keys.push(key);
          }
        })
      );
      const rows = columns.map((column) => [column.column, ...keys.map((key) => (column[key] === undefined ? null : column[key])), distribution(column)]);
      return h(
        "div",
        { class: "profile" },
        h("h3", {}, profile.port, h("span", { class: "muted" }, " · " + number(profile.rows) + " rows · " + ago(profile.profiledAt))),
        dataTable(["column", ...keys, "distribution"], rows)
      );
    })
  );
}

function distribution(column) {
  if (Array.isArray(column.topValues) && column.topValues.length > 0) {
    return column.topValues.map((entry) => (entry.value === null ? "null" : entry.value) + " (" + entry.count + ")").join(", ");
  }
  if (Array.isArray(column.histogram) && column.histogram.length > 0) {
    return column.histogram.map((bucket) => bucket.count).join(" · ");
  }
  return null;
}

function runsPanel(doc) {
  const runs = doc.runs || [];
  return section(
    "Last runs",
    { id: "runs" },
    runs.length === 0
      ? h("p", { class: "muted" }, "Never run.")
      : h(
          "ul",
          { class: "runs" },
          runs.slice(0, 8).map((run) =>
            h(
              "li",
              { title: run.id },
              runBadge(run.state),
              h("span", {}, " " + ago(run.finishedAt || run.startedAt)),
              h("span", { class: "muted" }, " · " + number(run.rowsWritten) + " rows · " + (run.trigger || "")),
              run.error ? h("div", { class: "run-error" }, run.error) : null
            )
          )
        )
  );
}

function inputsPanel(doc) {
  const inputs = doc.inputs || [];
  if (inputs.length === 0) {
    return null;
  }
  return section(
    "Input ports",
    { id: "inputs" },
    h(
      "ul",
      { class: "inputs" },
      inputs.map((input) => {
        const ref = input.kind === "product" ? parseProductRef(input.source) : null;
        return h(
          "li",
          {},
          h("code", {}, input.name),
          " ",
          badge(input.kind, "neutral"),
          " ",
          ref ? h("a", { href: productHref(ref.product, ref.major) }, input.source) : h("span", { class: "muted break" }, input.source)
        );
      })
    )
  );
}
