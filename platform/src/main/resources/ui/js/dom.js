// Building the page. Every value from the API becomes a text node or an attribute set through the
// DOM, never HTML: h() has no way to insert markup. The one exception, rendered Markdown, goes
// through DOMPurify (see markdown()).

import { DOMPurify, marked } from "./vendor.js";

/**
 * An element: h("a", {href: "#/", class: "x", onclick: fn}, "text", child, [more, children]).
 * Attributes starting with "on" are listeners; "dataset" is an object of data-* values; false,
 * null and undefined attributes and children are left out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (name === "value") {
      element.value = value;
    } else {
      element.setAttribute(name, value === true ? "" : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function mount(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** Markdown written by a product's owner, rendered and sanitized into a fragment. */
export function markdown(text) {
  const html = marked.parse(text || "", { async: false, gfm: true });
  const fragment = DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select"],
  });
  for (const link of fragment.querySelectorAll("a[href]")) {
    if (!link.getAttribute("href").startsWith("#")) {
      link.setAttribute("target", "_blank");
      link.setAttribute("rel", "noopener noreferrer");
    }
  }
  return h("div", { class: "markdown" }, fragment);
}

/** A product's page: #/products/domain/name[/major]. */
export function productHref(product, major) {
  const [domain, name] = String(product).split("/");
  return (
    "#/products/" +
    encodeURIComponent(domain) +
    "/" +
    encodeURIComponent(name) +
    (major === undefined || major === null ? "" : "/" + encodeURIComponent(major))
  );
}

export function domainHref(domain) {
  return "#/domains/" + encodeURIComponent(domain);
}

/**
 * The product a reference names: "domain/name:major/port.column", "domain/name:major/port",
 * "domain/name:major (what)" or "domain/name". Null when it names none.
 */
export function parseProductRef(reference) {
  const match = /^([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?::([0-9]+))?(?:\/([a-z0-9_-]+))?(?:\.([A-Za-z0-9_]+))?/.exec(
    String(reference || "")
  );
  if (!match) {
    return null;
  }
  return {
    domain: match[1],
    name: match[2],
    product: match[1] + "/" + match[2],
    major: match[3] === undefined ? null : Number(match[3]),
    port: match[4] || null,
    column: match[5] || null,
  };
}

/** A small colored label. Tone: neutral, good, warn, bad, info, pii, accent. */
export function badge(text, tone = "neutral", title) {
  return h("span", { class: "badge badge-" + tone, title }, text);
}

const SLO_TONES = {
  met: "good",
  ok: "good",
  healthy: "good",
  passing: "good",
  warning: "warn",
  "at-risk": "warn",
  violated: "bad",
  breached: "bad",
  failing: "bad",
  failed: "bad",
};

/** The SLO status as a badge: green when met, red when violated, grey until evaluated. */
export function sloBadge(status) {
  const value = status || "unknown";
  return badge("SLO " + value.replaceAll("-", " "), SLO_TONES[value] || "neutral", "Service level objectives: " + value);
}

const RUN_TONES = { succeeded: "good", failed: "bad", running: "info" };

export function runBadge(state) {
  return badge(state || "no run", RUN_TONES[state] || "neutral");
}

export function kindBadge(kind) {
  return kind ? badge(kind, "accent", "Kind of data product") : null;
}

export function tagChips(tags) {
  return (tags || []).map((tag) =>
    h("a", { class: "chip", href: "#/?facet=" + encodeURIComponent("tag:" + tag), title: "Products tagged " + tag }, "#" + tag)
  );
}

/** A table of rows (arrays) under column names; cells are text. */
export function dataTable(columns, rows, options = {}) {
  const masked = new Set(options.masked || []);
  const head = h(
    "tr",
    {},
    columns.map((column) =>
      h(
        "th",
        { class: (column.startsWith("_") ? "system" : "") + (masked.has(column) ? " masked" : "") },
        column,
        masked.has(column) ? h("span", { class: "masked-mark", title: "Masked for you" }, " ◐") : null
      )
    )
  );
  const body = rows.map((row) =>
    h(
      "tr",
      {},
      row.map((value, index) =>
        h("td", { class: cellClass(value, columns[index]) }, formatValue(value))
      )
    )
  );
  return h(
    "div",
    { class: "table-scroll" },
    h("table", { class: "data" + (options.compact ? " compact" : "") }, h("thead", {}, head), h("tbody", {}, body))
  );
}

function cellClass(value, column) {
  const classes = [];
  if (value === null || value === undefined) {
    classes.push("null");
  } else if (typeof value === "number") {
    classes.push("number");
  }
  if (column && column.startsWith("_")) {
    classes.push("system");
  }
  return classes.join(" ");
}

export function formatValue(value) {
  if (value === null || value === undefined) {
    return "null";
  }
  if (typeof value === "object") {
    return JSON.stringify(value);
  }
  return String(value);
}

/** An ISO time as "2026-11-21 09:52 UTC", with the exact time as a tooltip. */
export function time(iso) {
  if (!iso) {
    return h("span", { class: "muted" }, "never");
  }
  const short = String(iso).replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
  return h("time", { datetime: iso, title: iso }, short);
}

/** How long ago, in words. */
export function ago(iso) {
  if (!iso) {
    return "never";
  }
  const seconds = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) {
    return String(iso);
  }
  if (seconds < 0) {
    return "just now";
  }
  const steps = [
    [60, "second"],
    [60, "minute"],
    [24, "hour"],
    [30, "day"],
    [12, "month"],
    [Infinity, "year"],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (value < size) {
      return value + " " + unit + (value === 1 ? "" : "s") + " ago";
    }
    value = Math.floor(value / size);
  }
  return String(iso);
}

export function number(value) {
  return value === null || value === undefined ? "–" : Number(value).toLocaleString("en");
}

/** A section with a title and an optional line of actions. */
export function section(title, attributes, ...children) {
  return h("section", { class: "panel", ...attributes }, h("h2", {}, title), ...children);
}

/** A message shown in place of content: kind "empty", "error" or "loading". */
export function notice(kind, title, detail) {
  return h(
    "div",
    { class: "notice notice-" + kind, role: kind === "error" ? "alert" : "status" },
    h("strong", {}, title),
    detail ? h("div", { class: "notice-detail" }, detail) : null
  );
}

export function loading(what) {
  return h("div", { class: "loading", role: "status" }, h("span", { class: "spinner" }), " Loading " + what + "…");
}

/** A button that copies text to the clipboard. */
export function copyButton(text) {
  const button = h("button", { type: "button", class: "copy", title: "Copy" }, "Copy");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => (button.textContent = "Copy"), 1500);
  });
  return button;
}

/** Runs tasks with at most `limit` at a time; the results in the tasks' order. */
export async function inBatches(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
