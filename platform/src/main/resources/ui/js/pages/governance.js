// Governance: the rules every spec must meet, the global policies every read obeys, and, for the
// signed-in user, what each port lets them read (masks, row filters, minimum group sizes, refusals).

import { optional } from "../api.js";
import { badge, h, loading, mount, notice, productHref, time } from "../dom.js";
import { allDocuments } from "../products.js";

export async function renderGovernance(container, route, context) {
  mount(container, loading("the governance"));
  const governance = await optional("/governance");
  const yours = h("div", { id: "your-access" }, loading("what you may read"));
  const whoami = context.whoami || {};
  mount(
    container,
    h(
      "div",
      { class: "hero" },
      h("h1", {}, "Governance"),
      h(
        "p",
        { class: "muted" },
        "Global rules are code: checked when a product is deployed, and executed by every product on every read. Applied with ",
        h("code", {}, "quanta governance apply"),
        "."
      )
    ),
    governance ? versionLine(governance) : notice("empty", "The governance is not available on this server", "This server has no /api/v1/governance endpoint; quanta governance show prints it."),
    h(
      "section",
      { class: "panel", id: "access" },
      h("h2", {}, "What you may read"),
      h(
        "p",
        { class: "muted" },
        "As ",
        h("strong", {}, whoami.user || "you"),
        (whoami.groups || []).length ? " (groups " + whoami.groups.join(", ") + ")" : "",
        (whoami.roles || []).length ? " with roles " + whoami.roles.join(", ") : "",
        ": each port's policies, global and the product's own, decided for you now."
      ),
      yours
    ),
    governance ? policiesView(governance.policies) : null,
    governance ? rulesView(governance.rules) : null,
    governance ? identifiersView(governance.identifiers) : null
  );
  const documents = await allDocuments();
  mount(yours, accessTable(documents));
}

function versionLine(governance) {
  return h(
    "div",
    { class: "panel version-line", id: "governance-version" },
    h("strong", {}, "Version " + governance.version),
    governance.shippedDefault
      ? h("span", {}, " · the shipped default (none applied yet)")
      : h("span", {}, " · applied ", time(governance.appliedAt), " by " + governance.appliedBy),
    h("span", { class: "muted" }, " · files: " + (governance.files || []).join(", ")),
    h("span", { class: "muted mono" }, " · " + String(governance.digest || "").slice(0, 12))
  );
}

function accessTable(documents) {
  const rows = [];
  for (const doc of documents) {
    if (doc.error) {
      rows.push(h("tr", {}, h("td", {}, doc.product), h("td", { colspan: 5 }, notice("error", "Not readable", doc.error))));
      continue;
    }
    for (const port of doc.ports || []) {
      const caller = port.caller || {};
      const masks = Object.entries(caller.masks || {});
      rows.push(
        h(
          "tr",
          { dataset: { port: doc.product + "/" + port.name }, class: caller.allowed === false ? "refused" : "" },
          h("td", {}, h("a", { href: productHref(doc.product, doc.major) }, doc.product), h("span", { class: "muted" }, " / " + port.name)),
          h("td", {}, caller.allowed === false ? badge("refused", "bad") : badge("allowed", "good")),
          h(
            "td",
            {},
            masks.length === 0
              ? h("span", { class: "muted" }, caller.allowed === false ? "—" : "none")
              : masks.map(([column, how]) => h("div", {}, h("code", {}, column), " ", h("span", { class: "muted" }, how)))
          ),
          h("td", {}, (caller.filters || []).length ? caller.filters.map((filter) => h("div", {}, h("code", {}, filter))) : h("span", { class: "muted" }, "none")),
          h("td", {}, (caller.minGroupSizes || []).length ? caller.minGroupSizes.map((rule) => h("div", {}, rule)) : h("span", { class: "muted" }, "none")),
          h("td", { class: "fine" }, (caller.reasons || []).join("; "))
        )
      );
    }
  }
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "schema access-table" },
      h("thead", {}, h("tr", {}, ["Port", "Access", "Masked columns", "Row filters", "Minimum group sizes", "Why"].map((title) => h("th", {}, title)))),
      h("tbody", {}, rows)
    )
  );
}

function policiesView(policies) {
  const cards = [];
  for (const mask of policies.masks || []) {
    cards.push(
      policyCard("mask", mask, [
        ["method", mask.method],
        ["column", mask.column],
        ["match", mask.match, true],
        ["unless", mask.unless, true],
      ])
    );
  }
  for (const rule of policies.access || []) {
    cards.push(policyCard("access", rule, [["allow", rule.allow, true], ["deny", rule.deny, true]]));
  }
  for (const filter of policies.rowFilters || []) {
    cards.push(
      policyCard("row filter", filter, [
        ["where", filter.where, true],
        ["match", filter.match, true],
        ["unless", filter.unless, true],
      ])
    );
  }
  for (const rule of policies.minGroupSizes || []) {
    cards.push(
      policyCard("minimum group size", rule, [
        ["k", String(rule.k)],
        ["count column", rule.countColumn],
        ["unless", rule.unless, true],
      ])
    );
  }
  return h(
    "section",
    { class: "panel", id: "global-policies" },
    h("h2", {}, "Global policies"),
    h("p", { class: "muted" }, "Every product applies these on every read, in every port; a product's own policies may only tighten them."),
    cards.length ? h("div", { class: "cards policies" }, cards) : h("p", { class: "muted" }, "No global policy.")
  );
}

function policyCard(kind, rule, fields) {
  return h(
    "article",
    { class: "card policy", dataset: { policy: rule.id } },
    h("div", { class: "card-top" }, badge(kind, "accent"), (rule.ports || []).length ? h("span", { class: "fine" }, "ports: " + rule.ports.join(", ")) : h("span", { class: "fine" }, "every port")),
    h("h3", {}, rule.id),
    h(
      "dl",
      { class: "policy-fields" },
      fields
        .filter(([, value]) => value !== null && value !== undefined && value !== "")
        .map(([label, value, code]) => h("div", {}, h("dt", {}, label), h("dd", {}, code ? h("code", {}, value) : value)))
    )
  );
}

function rulesView(rules) {
  return h(
    "section",
    { class: "panel", id: "rules" },
    h("h2", {}, "Deploy-time rules"),
    h("p", { class: "muted" }, "A spec breaking an error rule is refused with the rule's id and the spec's line; a warning is reported and deployed."),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "schema rules" },
        h("thead", {}, h("tr", {}, ["Rule", "Severity", "For each", "Check", "Message"].map((title) => h("th", {}, title)))),
        h(
          "tbody",
          {},
          (rules || []).map((rule) =>
            h(
              "tr",
              { dataset: { rule: rule.id } },
              h("td", {}, h("code", {}, rule.id), h("div", { class: "fine" }, rule.origin)),
              h("td", {}, badge(rule.severity, rule.severity === "error" ? "bad" : "warn")),
              h("td", {}, rule.for),
              h("td", {}, h("code", { class: "check" }, rule.check)),
              h("td", {}, rule.message)
            )
          )
        )
      )
    )
  );
}

function identifiersView(identifiers) {
  return h(
    "section",
    { class: "panel", id: "identifier-types" },
    h("h2", {}, "Identifier types"),
    h(
      "ul",
      { class: "plain identifier-types" },
      (identifiers || []).map((type) =>
        h("li", {}, h("a", { class: "chip semantic", href: "#/graph?identifier=" + encodeURIComponent(type.name) }, type.name), " ", h("span", { class: "muted" }, type.description))
      )
    )
  );
}
