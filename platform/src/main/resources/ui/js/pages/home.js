// Home: search and browse. Free text plus facet filters (domain, kind, tag, owner, ...), each a
// part of the URL (#/?q=listens&facet=domain:podcasts), so that a search can be shared.

import { h, loading, mount, notice } from "../dom.js";
import { FACETS, findProducts, productCard } from "../products.js";

function href(text, filters) {
  const params = new URLSearchParams();
  if (text) {
    params.set("q", text);
  }
  filters.forEach((filter) => params.append("facet", filter));
  const query = params.toString();
  return "#/" + (query ? "?" + query : "");
}

export async function renderHome(container, route) {
  const text = route.params.get("q") || "";
  const filters = route.params.getAll("facet");
  const results = h("div", { class: "results" }, loading("products"));
  const sidebar = h("aside", { class: "facets", "aria-label": "Filters" });
  mount(
    container,
    h(
      "div",
      { class: "hero" },
      h("h1", {}, text ? "Search results" : "Data products"),
      h(
        "p",
        { class: "muted" },
        "Every product of the mesh: what it holds, who owns it, how to read it. Search by name, port, column, tag or owner."
      )
    ),
    h("div", { class: "with-sidebar" }, sidebar, results)
  );

  const found = await findProducts(text, filters);
  const toggled = (filter) =>
    filters.includes(filter) ? filters.filter((other) => other !== filter) : [...filters, filter];

  mount(
    sidebar,
    FACETS.filter(([facet]) => (found.facets[facet] || []).length > 0).map(([facet, label]) =>
      h(
        "div",
        { class: "facet", dataset: { facet } },
        h("h3", {}, label),
        h(
          "ul",
          {},
          found.facets[facet].slice(0, 12).map((entry) => {
            const filter = facet + ":" + entry.value;
            const active = filters.includes(filter);
            return h(
              "li",
              {},
              h(
                "a",
                { class: "facet-value" + (active ? " active" : ""), href: href(text, toggled(filter)), "aria-pressed": String(active) },
                h("span", { class: "check", "aria-hidden": "true" }, active ? "✓" : ""),
                h("span", { class: "facet-label" }, entry.value),
                h("span", { class: "count" }, entry.count)
              )
            );
          })
        )
      )
    ),
    found.searched
      ? null
      : notice("empty", "Search is not available on this server", "Filtering the product list here instead: names, descriptions, owners and ports only.")
  );

  const summary = h(
    "div",
    { class: "results-head" },
    h(
      "span",
      { class: "results-count", id: "results-count" },
      found.total === 1 ? "1 data product" : found.total + " data products",
      text ? h("span", {}, " for ", h("q", {}, text)) : null
    ),
    filters.map((filter) =>
      h("a", { class: "chip active-filter", href: href(text, toggled(filter)), title: "Remove this filter" }, filter, " ×")
    ),
    text || filters.length ? h("a", { class: "clear", href: "#/" }, "Clear") : null
  );
  if (found.hits.length === 0) {
    mount(
      results,
      summary,
      notice(
        "empty",
        "No product matches",
        filters.length ? "Remove a filter, or search for fewer words." : "Try a port or column name, a tag, or part of an owner's address."
      )
    );
    return;
  }
  mount(results, summary, h("div", { class: "cards", id: "results" }, found.hits.map(productCard)));
}
