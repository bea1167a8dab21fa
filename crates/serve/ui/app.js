// demarche desk: hash-routed views over the JSON API.
// Article text and every record field are untrusted: the DOM is built with
// createElement and textContent only, never from HTML strings.
"use strict";

const KINDS = ["entity", "time", "quote", "silence", "event", "finding"];
const FILTERS = ["actor", "recipient", "speaker", "type", "country", "stance", "since", "until", "doc"];

// ---- DOM helpers -------------------------------------------------------

function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") n.className = v;
    else if (k === "text") n.textContent = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return n;
}

function svg(tag, attrs, ...children) {
  const n = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") n.textContent = v;
    else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c) n.append(c);
  return n;
}

function link(href, text, attrs) {
  return el("a", Object.assign({ href }, attrs || {}), text);
}

function hash(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const s = q.toString();
  return "#" + path + (s ? "?" + s : "");
}

function day(s) {
  return s ? String(s).slice(0, 10) : "";
}

// ---- API ---------------------------------------------------------------

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const s = q.toString();
  const res = await fetch(path + (s ? "?" + s : ""), { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

// A call that changes data, with the token the analyst typed (kept in
// sessionStorage only, for this tab).
async function write(method, path, body) {
  const token = sessionStorage.getItem("demarche-token") || "";
  const headers = { Accept: "application/json", Authorization: "Bearer " + token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const out = await res.json().catch(() => ({ error: res.statusText }));
  if (!res.ok) throw new Error(out.error || res.statusText);
  return out;
}

// ---- routing -----------------------------------------------------------

const view = () => document.getElementById("view");

function parseHash() {
  const h = location.hash.replace(/^#/, "") || "/";
  const i = h.indexOf("?");
  const path = i < 0 ? h : h.slice(0, i);
  const params = Object.fromEntries(new URLSearchParams(i < 0 ? "" : h.slice(i + 1)));
  return { path, params };
}

const ROUTES = [
  [/^\/$/, searchView],
  [/^\/documents$/, documentsView],
  [/^\/doc\/(.+)$/, docView],
  [/^\/records$/, recordsView],
  [/^\/record\/(.+)$/, recordView],
  [/^\/timeline$/, timelineView],
  [/^\/network$/, networkView],
  [/^\/edge$/, edgeView],
  [/^\/events$/, eventsView],
  [/^\/event\/(.+)$/, eventView],
  [/^\/quotes$/, (p) => recordsView(p, "quote")],
  [/^\/silences$/, (p) => recordsView(p, "silence")],
  [/^\/entities$/, entitiesView],
  [/^\/crises$/, crisesView],
  [/^\/crisis\/(.+)$/, crisisView],
  [/^\/windows$/, windowsView],
  [/^\/patron$/, (p) => patronView(p, "")],
  [/^\/patron\/(.+)$/, patronView],
  [/^\/claims$/, claimsView],
];

async function route() {
  const { path, params } = parseHash();
  for (const a of document.querySelectorAll("nav a")) {
    const target = a.getAttribute("href").slice(1);
    const section = { "/crisis": "/crises" }[path.replace(/^(\/[a-z]+)\/.*$/, "$1")] || path.replace(/^(\/[a-z]+)\/.*$/, "$1");
    a.classList.toggle("active", target === path || target === section);
  }
  const root = view();
  for (const [re, fn] of ROUTES) {
    const m = path.match(re);
    if (m) {
      root.replaceChildren(el("p", { class: "muted", text: "Loading…" }));
      try {
        const args = m.slice(1).map(decodeURIComponent);
        await fn(params, ...args);
      } catch (e) {
        root.replaceChildren(el("p", { class: "error", text: "Error: " + e.message }));
      }
      root.setAttribute("data-ready", path);
      return;
    }
  }
  root.replaceChildren(el("p", { class: "error", text: "No such page: " + path }));
  root.setAttribute("data-ready", path);
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", route);

// ---- shared pieces -----------------------------------------------------

function filterForm(path, params, fields, extra) {
  const form = el("form", { class: "filters" });
  for (const f of fields) {
    form.append(
      el("label", {}, f, el("input", { name: f, type: "text", value: params[f] || "", size: f === "since" || f === "until" ? 10 : 14, placeholder: f === "since" || f === "until" ? "YYYY-MM-DD" : "" })),
    );
  }
  form.append(el("button", { type: "submit", text: "Apply" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = Object.assign({}, extra || {});
    for (const input of form.querySelectorAll("input")) if (input.value.trim()) p[input.name] = input.value.trim();
    location.hash = hash(path, p);
  });
  return form;
}

function pager(path, params, page) {
  const limit = page.limit, offset = page.offset || 0;
  const box = el("div", { class: "pager" });
  if (offset > 0) box.append(link(hash(path, Object.assign({}, params, { offset: Math.max(0, offset - limit) })), "← Previous"));
  box.append(el("span", { class: "muted", text: `${offset + 1}–${offset + page.items.length}` }));
  if (page.more) box.append(link(hash(path, Object.assign({}, params, { offset: offset + limit })), "Next →", { class: "next" }));
  return box;
}

function docLink(document, recordId, text) {
  return link(hash("/doc/" + encodeURIComponent(document.id), recordId ? { hl: recordId } : {}), text);
}

function source(document) {
  return [document.outlet, day(document.published)].filter(Boolean).join(", ") || document.doc;
}

// One line saying what a record is.
function summary(r) {
  switch (r.kind) {
    case "quote":
      return `${r.speaker || r.speaker_text || "?"}${r.stance ? " [" + r.stance + "]" : ""}: “${r.content}”`;
    case "silence":
      return `${r.actor || r.actor_text || "?"} — ${r.evidence}`;
    case "event": {
      const flags = [r.negated && "negated", r.hypothetical && "hypothetical", r.historical && "historical"].filter(Boolean);
      return `${r.event_type}${r.mode ? "/" + r.mode : ""}: ${r.actor || "?"} → ${r.recipient || "?"}${r.date ? " (" + r.date + ")" : ""}${flags.length ? " [" + flags.join(", ") + "]" : ""}`;
    }
    case "entity":
      return `${r.name} (${r.type}${r.country ? ", " + r.country : ""})`;
    case "time":
      return `${r.text} = ${r.value}`;
    case "finding":
      return `${r.finding}: ${r.evidence} — ${r.kb_says}`;
    default:
      return r.title || r.doc;
  }
}

function kindTag(kind) {
  return el("span", { class: "kind hl-" + kind, text: kind });
}

// A table of listed records (record + document): each links to its sentence.
function recordTable(items) {
  const t = el("table", { class: "records" }, el("tr", {}, el("th", { text: "date" }), el("th", { text: "kind" }), el("th", { text: "record" }), el("th", { text: "sentence" }), el("th", { text: "source" })));
  for (const { record: r, document: d } of items) {
    t.append(
      el("tr", { "data-record": r.id },
        el("td", { class: "nowrap", text: r.date && r.kind === "event" ? r.date : day(d.published) }),
        el("td", {}, kindTag(r.kind)),
        el("td", {}, summary(r)),
        el("td", {}, docLink(d, r.id, r.sentence_text || "(open)")),
        el("td", {}, source(d), el("br"), el("span", { class: "muted", text: d.title || d.doc })),
      ),
    );
  }
  return t;
}

// ---- views -------------------------------------------------------------

async function searchView(params) {
  const root = view();
  const input = el("input", { type: "search", name: "q", value: params.q || "", placeholder: "words or \"a phrase\"", autofocus: "" });
  const form = el("form", { class: "filters" }, input, el("button", { type: "submit", text: "Search" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = hash("/", { q: input.value.trim() });
  });
  const stats = await api("/api/stats");
  const box = el("div", { class: "stats" });
  const lists = { document: "#/documents", quote: "#/quotes", silence: "#/silences", entity: "#/entities" };
  for (const [k, n] of Object.entries(stats.counts)) {
    const href = lists[k] || hash("/records", { kind: k });
    const plural = k === "entity" ? "entities" : k + "s";
    box.append(el("div", {}, link(href, String(n), { class: "n" }), n === 1 ? k : plural));
  }
  box.append(el("div", {}, el("span", { class: "n", text: String(stats.words) }), "words"));
  root.replaceChildren(el("h1", { text: "Search the articles" }), form, box);
  if (!params.q) return;
  const page = await api("/api/search", { q: params.q, limit: params.limit || 20, offset: params.offset });
  if (!page.items.length) {
    root.append(el("p", { class: "muted", text: "No document matches." }));
    return;
  }
  for (const hit of page.items) {
    const d = hit.document;
    const snippet = el("div", { class: "snippet" });
    for (const f of hit.snippet) snippet.append(f.hit ? el("mark", { class: "hit", text: f.text }) : document.createTextNode(f.text));
    const sentences = el("div", {});
    for (const s of hit.sentences) {
      const line = el("a", { class: "sentence", href: hash("/doc/" + encodeURIComponent(d.id), { at: s.span[0] + "-" + s.span[1] }) });
      const chars = Array.from(s.text);
      let pos = 0;
      for (const [a, b] of s.hits) {
        line.append(chars.slice(pos, a).join(""), el("mark", { class: "hit", text: chars.slice(a, b).join("") }));
        pos = b;
      }
      line.append(chars.slice(pos).join(""));
      sentences.append(el("div", {}, line));
    }
    root.append(
      el("div", { class: "result" },
        el("div", {}, link(hash("/doc/" + encodeURIComponent(d.id)), d.title || d.doc)),
        el("div", { class: "meta", text: `${source(d)} — ${hit.hit_count} match${hit.hit_count === 1 ? "" : "es"}` }),
        snippet,
        sentences,
      ),
    );
  }
  root.append(pager("/", params, page));
}

async function documentsView(params) {
  const page = await api("/api/documents", params);
  const t = el("table", {}, el("tr", {}, el("th", { text: "published" }), el("th", { text: "title" }), el("th", { text: "outlet" }), el("th", { class: "num", text: "words" })));
  for (const d of page.items) {
    t.append(el("tr", {}, el("td", { class: "nowrap", text: day(d.published) || "undated" }), el("td", {}, link(hash("/doc/" + encodeURIComponent(d.id)), d.title || d.doc)), el("td", { text: d.outlet || "" }), el("td", { class: "num", text: String(d.words) })));
  }
  view().replaceChildren(el("h1", { text: "Documents" }), filterForm("/documents", params, ["actor", "since", "until", "doc"]), t, pager("/documents", params, page));
}

// Field list of one record for the side panel.
function recordDetails(r, d) {
  const dl = el("dl", {});
  const skip = new Set(["kind", "sentence_text", "mentions", "actors", "recipients"]);
  for (const [k, v] of Object.entries(r)) {
    if (skip.has(k) || v === null || v === undefined || v === "" || v === false) continue;
    dl.append(el("dt", { text: k }), el("dd", { text: typeof v === "object" ? JSON.stringify(v) : String(v) }));
  }
  for (const side of ["actors", "recipients"]) {
    if (r[side] && r[side].length) {
      dl.append(el("dt", { text: side }), el("dd", { text: r[side].map((p) => p.name + (p.country ? " (" + p.country + ")" : "") + (p.inferred ? " [inferred]" : "")).join("; ") }));
    }
  }
  const box = el("div", { class: "record", "data-record": r.id }, el("div", {}, kindTag(r.kind), " ", el("strong", { text: summary(r) })), dl);
  if (d) box.append(el("p", {}, "Sentence: ", el("q", { text: r.sentence_text || "" }), " — ", source(d)));
  return box;
}

async function docView(params, id) {
  const data = await api("/api/documents/" + encodeURIComponent(id));
  const d = data.document;
  const chars = Array.from(data.text);
  // Every highlighted interval: record spans, and each entity mention.
  const spans = [];
  data.records.forEach((r, i) => {
    if (r.kind === "entity" && r.mentions && r.mentions.length) {
      for (const [a, b] of r.mentions) spans.push({ a, b, i, kind: r.kind });
    } else if (r.span[1] > r.span[0]) {
      spans.push({ a: r.span[0], b: r.span[1], i, kind: r.kind });
    }
  });
  if (params.at) {
    const [a, b] = params.at.split("-").map(Number);
    if (b > a) spans.push({ a, b, i: -1, kind: "span" });
  }
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(chars.length, s.a)));
    cuts.add(Math.max(0, Math.min(chars.length, s.b)));
  }
  const points = Array.from(cuts).sort((x, y) => x - y);
  const text = el("div", { class: "doctext" });
  const panel = el("aside", { class: "panel" }, el("p", { class: "muted", text: "Click a highlight to see its records." }));
  const show = (idxs) => {
    panel.replaceChildren();
    for (const i of idxs) if (i >= 0) panel.append(recordDetails(data.records[i]));
    if (!panel.childNodes.length) panel.append(el("p", { class: "muted", text: "The matched sentence." }));
  };
  const byRecord = new Map();
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k], points[k + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = spans.filter((s) => s.a <= a && s.b >= b);
    if (!covering.length) {
      text.append(piece);
      continue;
    }
    covering.sort((x, y) => (x.b - x.a) - (y.b - y.a));
    const idxs = Array.from(new Set(covering.map((s) => s.i)));
    const outer = Array.from(new Set(covering.slice(1).map((s) => "in-" + s.kind)));
    const node = el("span", { class: ["hl-" + covering[0].kind, ...outer].join(" "), "data-i": idxs.join(","), title: covering.map((s) => s.kind).join(", ") }, piece);
    node.addEventListener("click", () => show(idxs));
    for (const i of idxs) {
      if (!byRecord.has(i)) byRecord.set(i, []);
      byRecord.get(i).push(node);
    }
    text.append(node);
  }
  const legend = el("div", { class: "legend" });
  const wrap = el("div", {});
  for (const k of KINDS) {
    const n = data.records.filter((r) => r.kind === k).length;
    if (!n) continue;
    const box = el("input", { type: "checkbox", checked: "" });
    box.addEventListener("change", () => wrap.classList.toggle("hide-" + k, !box.checked));
    legend.append(el("label", {}, box, el("span", { class: "swatch hl-" + k }), `${k} (${n})`));
  }
  wrap.append(text);
  view().replaceChildren(
    el("h1", { text: d.title || d.doc }),
    el("p", { class: "muted", text: [source(d), d.byline, d.url].filter(Boolean).join(" — ") }),
    legend,
    el("div", { class: "doc-layout" }, wrap, panel),
  );
  let target = null;
  if (params.hl) {
    const i = data.records.findIndex((r) => r.id === params.hl);
    if (i >= 0) {
      show([i]);
      const nodes = byRecord.get(i) || [];
      for (const n of nodes) n.classList.add("flash");
      target = nodes[0] || null;
      if (!target) panel.append(el("p", { class: "muted", text: "This record has no span in the text (inferred)." }));
    } else {
      panel.replaceChildren(el("p", { class: "error", text: "No record " + params.hl + " in this document." }));
    }
  } else if (params.at) {
    const nodes = byRecord.get(-1) || [];
    for (const n of nodes) n.classList.add("flash");
    target = nodes[0] || null;
    if (target) show([]);
  }
  if (target) target.scrollIntoView({ block: "center" });
}

async function recordsView(params, fixedKind) {
  const kind = fixedKind || params.kind || "";
  const path = fixedKind ? "/" + fixedKind + "s" : "/records";
  const endpoint = fixedKind ? "/api/" + fixedKind + "s" : "/api/records";
  const query = Object.assign({}, params);
  if (!fixedKind && kind) query.kind = kind;
  const page = await api(endpoint, query);
  const title = fixedKind ? (fixedKind === "quote" ? "Quotes" : "Silences") : kind ? `Records: ${kind}` : "Records";
  const fields = fixedKind === "quote" ? ["speaker", "country", "stance", "since", "until", "doc"] : ["actor", "recipient", "type", "country", "since", "until", "doc"];
  const described = FILTERS.filter((f) => params[f]).map((f) => `${f} ${params[f]}`).join(", ");
  view().replaceChildren(
    el("h1", { text: title + (described ? " — " + described : "") }),
    filterForm(path, params, fields, kind && !fixedKind ? { kind } : {}),
    page.items.length ? recordTable(page.items) : el("p", { class: "muted", text: "No records." }),
    pager(path, params, page),
  );
}

async function recordView(params, id) {
  const one = await api("/api/records/" + encodeURIComponent(id));
  view().replaceChildren(el("h1", { text: "Record " + id }), recordDetails(one.record, one.document), el("p", {}, docLink(one.document, one.record.id, "Show in the document")));
}

async function timelineView(params) {
  const query = Object.assign({ order: "asc" }, params);
  const page = await api("/api/timeline", query);
  const t = el("table", { class: "timeline" }, el("tr", {}, el("th", { text: "date" }), el("th", { text: "kind" }), el("th", { text: "what" }), el("th", { text: "sentence" }), el("th", { text: "source" })));
  for (const { record: r, document: d } of page.items) {
    const date = r.kind === "event" && r.date ? r.date : day(d.published);
    t.append(
      el("tr", { "data-record": r.id },
        el("td", { class: "nowrap" }, docLink(d, r.id, date)),
        el("td", {}, kindTag(r.kind)),
        el("td", {}, summary(r)),
        el("td", {}, docLink(d, r.id, r.sentence_text || "(open)")),
        el("td", { text: source(d) }),
      ),
    );
  }
  const order = el("select", { name: "order" }, el("option", { value: "asc", text: "oldest first" }), el("option", { value: "desc", text: "newest first" }));
  order.value = query.order;
  order.addEventListener("change", () => (location.hash = hash("/timeline", Object.assign({}, params, { order: order.value, offset: "" }))));
  view().replaceChildren(
    el("h1", { text: "Timeline" }),
    filterForm("/timeline", params, ["actor", "recipient", "type", "country", "since", "until"], { order: query.order }),
    el("p", {}, "Order: ", order),
    page.items.length ? t : el("p", { class: "muted", text: "Nothing dated." }),
    pager("/timeline", params, page),
  );
}

function edgeColour(e) {
  if (e.conflict > e.cooperation) return "var(--conflict)";
  if (e.cooperation > e.conflict) return "var(--coop)";
  return "var(--other)";
}

async function networkView(params) {
  const net = await api("/api/network", Object.assign({ limit: 60 }, params));
  const filters = Object.fromEntries(FILTERS.filter((f) => params[f]).map((f) => [f, params[f]]));
  const panel = el("aside", { class: "panel" }, el("p", { class: "muted", text: "Click an edge to see its events." }));
  const W = 820, H = 620, R = Math.min(W, H) / 2 - 50;
  const pos = new Map();
  net.nodes.forEach((n, i) => {
    const t = (2 * Math.PI * i) / Math.max(1, net.nodes.length) - Math.PI / 2;
    pos.set(n.key, { x: W / 2 + R * Math.cos(t), y: H / 2 + R * Math.sin(t), t });
  });
  const max = Math.max(1, ...net.edges.map((e) => e.total));
  const edgesG = svg("g", {});
  const nodesG = svg("g", {});
  const showEdge = (e, path) => {
    for (const p of edgesG.querySelectorAll(".sel")) p.classList.remove("sel");
    if (path) path.classList.add("sel");
    panel.replaceChildren(edgePanel(e, net, filters));
  };
  for (const e of net.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    // Bend each edge to its right so a → b and b → a stay apart.
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2, dx = b.x - a.x, dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const cx = mx + (-dy / len) * 28, cy = my + (dx / len) * 28;
    const path = svg("path", {
      class: "edge", d: `M${a.x},${a.y} Q${cx},${cy} ${b.x},${b.y}`,
      stroke: edgeColour(e), "stroke-width": String(1.5 + 5 * (e.total / max)), "marker-end": "url(#arrow)",
      "data-from": e.from, "data-to": e.to,
    }, svg("title", { text: `${e.from} → ${e.to}: ${e.total} (${e.cooperation} cooperation, ${e.conflict} conflict)` }));
    path.addEventListener("click", () => showEdge(e, path));
    edgesG.append(path);
  }
  for (const n of net.nodes) {
    const p = pos.get(n.key);
    const right = Math.cos(p.t) >= 0;
    nodesG.append(
      svg("g", {},
        svg("circle", { cx: p.x, cy: p.y, r: String(4 + Math.min(10, Math.sqrt(n.events))), fill: "#33475b" }, svg("title", { text: `${n.name}: ${n.events} events` })),
        svg("text", { x: p.x + (right ? 12 : -12), y: p.y + 4, "text-anchor": right ? "start" : "end", text: n.name }),
      ),
    );
  }
  const defs = svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "22", refY: "5", markerWidth: "9", markerHeight: "9", markerUnits: "userSpaceOnUse", orient: "auto" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" })));
  const graph = svg("svg", { class: "network", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" }, defs, edgesG, nodesG);
  // The same edges as a table: every count links to its events.
  const names = new Map(net.nodes.map((n) => [n.key, n.name]));
  const t = el("table", { class: "edges" }, el("tr", {}, el("th", { text: "actor" }), el("th", { text: "recipient" }), el("th", { class: "num", text: "events" }), el("th", { class: "num", text: "cooperation" }), el("th", { class: "num", text: "conflict" }), el("th", { class: "num", text: "other" })));
  for (const e of net.edges) {
    const cell = (n, cls, klass) => el("td", { class: "num" }, n ? link(hash("/edge", Object.assign({ from: e.from, to: e.to, class: klass }, filters)), String(n), { class: cls }) : "0");
    t.append(el("tr", { "data-from": e.from, "data-to": e.to }, el("td", { text: names.get(e.from) || e.from }), el("td", { text: names.get(e.to) || e.to }), cell(e.total, "total", ""), cell(e.cooperation, "coop", "cooperation"), cell(e.conflict, "conflict", "conflict"), cell(e.other, "other", "other")));
  }
  const note = `${net.edges.length} edges from the newest ${net.scanned} actor–recipient pairs${net.truncated ? " (window full: narrow with dates or names)" : ""}.`;
  view().replaceChildren(
    el("h1", { text: "Actor network" }),
    filterForm("/network", params, ["actor", "recipient", "type", "country", "since", "until"]),
    el("p", { class: "muted" }, note, " Green: mostly cooperation; red: mostly conflict; grey: even or not coded."),
    el("div", { class: "net" }, graph, panel),
    t,
  );
}

function edgePanel(e, net, filters) {
  const names = new Map(net.nodes.map((n) => [n.key, n.name]));
  const line = (label, n, klass, cls) => el("li", {}, n ? link(hash("/edge", Object.assign({ from: e.from, to: e.to, class: klass }, filters)), String(n), { class: cls }) : "0", " " + label);
  const box = el("div", { class: "edge-panel" },
    el("h2", { text: `${names.get(e.from) || e.from} → ${names.get(e.to) || e.to}` }),
    el("ul", {}, line("events", e.total, "", "total"), line("cooperation", e.cooperation, "cooperation", "coop"), line("conflict", e.conflict, "conflict", "conflict"), line("other", e.other, "other", "other")),
  );
  const list = el("ol", { class: "evidence" }, el("li", { class: "muted", text: "Loading evidence…" }));
  box.append(el("h2", { text: "Evidence" }), list);
  api("/api/network/edge", Object.assign({ from: e.from, to: e.to, limit: 20 }, filters)).then((page) => {
    list.replaceChildren();
    for (const { record: r, document: d } of page.items) {
      list.append(el("li", { "data-record": r.id }, docLink(d, r.id, r.sentence_text || summary(r)), el("div", { class: "muted", text: `${summary(r)} — ${source(d)}` })));
    }
  }, (err) => list.replaceChildren(el("li", { class: "error", text: err.message })));
  return box;
}

async function edgeView(params) {
  const page = await api("/api/network/edge", params);
  const what = params.class && params.class !== "all" ? params.class + " " : "";
  view().replaceChildren(
    el("h1", { text: `${what}events ${params.from} → ${params.to}` }),
    page.items.length ? recordTable(page.items) : el("p", { class: "muted", text: "No events." }),
    pager("/edge", params, page),
  );
}

async function eventsView(params) {
  const data = await api("/api/events", params);
  const t = el("table", { class: "clusters" }, el("tr", {}, el("th", { text: "date" }), el("th", { text: "event" }), el("th", { text: "actor → recipient" }), el("th", { class: "num", text: "reports" }), el("th", { class: "num", text: "outlets" }), el("th", { class: "num", text: "sources" }), el("th", { text: "first" }), el("th", { text: "evidence" })));
  for (const c of data.items) {
    const flags = [c.negated && "negated", c.hypothetical && "hypothetical", c.historical && "historical"].filter(Boolean);
    const detail = hash("/event/" + encodeURIComponent(c.id), Object.fromEntries(FILTERS.filter((f) => params[f]).map((f) => [f, params[f]])));
    t.append(
      el("tr", { "data-cluster": c.id },
        el("td", { class: "nowrap", text: c.date || "" }),
        el("td", {}, `${c.event_type}${c.mode ? "/" + c.mode : ""}`, flags.length ? el("div", { class: "flags", text: flags.join(", ") }) : null),
        el("td", { text: `${c.actor || "?"} → ${c.recipient || "?"}` }),
        el("td", { class: "num" }, link(detail, String(c.reports), { class: "reports" })),
        el("td", { class: "num" }, link(detail, String(c.outlets))),
        el("td", { class: "num" }, link(detail, String(c.sources))),
        el("td", { text: [c.earliest_outlet, day(c.earliest_published)].filter(Boolean).join(", ") }),
        el("td", { text: c.evidence }),
      ),
    );
  }
  view().replaceChildren(
    el("h1", { text: "Events" }),
    filterForm("/events", params, ["actor", "recipient", "type", "country", "since", "until"]),
    el("p", { class: "muted", text: `${data.clusters} events from the newest ${data.scanned} reports${data.truncated ? " (window full: narrow with dates or names)" : ""}.` }),
    data.items.length ? t : el("p", { class: "muted", text: "No events." }),
    pager("/events", params, data),
  );
}

async function eventView(params, id) {
  const c = await api("/api/events/" + encodeURIComponent(id), params);
  const t = el("table", { class: "reports" }, el("tr", {}, el("th", { text: "published" }), el("th", { text: "outlet" }), el("th", { text: "coded" }), el("th", { text: "sentence" }), el("th", { class: "num", text: "source" })));
  for (const r of c.reports) {
    t.append(
      el("tr", { "data-record": r.id },
        el("td", { class: "nowrap", text: day(r.published) }),
        el("td", { text: r.outlet || r.doc }),
        el("td", { text: `${r.event_type}${r.mode ? "/" + r.mode : ""}: ${r.actor || "?"} → ${r.recipient || "?"}${r.date ? " (" + r.date + ")" : ""}` }),
        el("td", {}, link(hash("/doc/" + encodeURIComponent(r.doc), { hl: r.id }), r.sentence_text)),
        el("td", { class: "num", text: String(r.source) }),
      ),
    );
  }
  const links = el("ul", {});
  for (const l of c.links) links.append(el("li", { text: `${l.from} — ${l.to}: ${l.why}` }));
  view().replaceChildren(
    el("h1", { text: `${c.event_type}${c.mode ? "/" + c.mode : ""}: ${c.actor || "?"} → ${c.recipient || "?"}${c.date ? " (" + c.date + ")" : ""}` }),
    el("p", { class: "muted", text: `${c.reports.length} reports, ${c.documents} documents, ${c.outlets} outlets, ${c.sources} independent sources` }),
    el("p", {}, el("q", { text: c.evidence })),
    t,
    el("h2", { text: "Why the reports were joined" }),
    c.links.length ? links : el("p", { class: "muted", text: "One report." }),
  );
}

async function entitiesView(params) {
  const data = await api("/api/entities", params);
  const t = el("table", { class: "entities" }, el("tr", {}, el("th", { text: "name" }), el("th", { text: "type" }), el("th", { text: "country" }), el("th", { class: "num", text: "documents" }), el("th", { class: "num", text: "mentions" })));
  for (const e of data.items) {
    const recs = hash("/records", { kind: "entity", actor: e.key });
    t.append(el("tr", {}, el("td", { text: e.name }), el("td", { text: e.type }), el("td", { text: e.country || "" }), el("td", { class: "num" }, link(recs, String(e.documents))), el("td", { class: "num" }, link(recs, String(e.mentions)))));
  }
  view().replaceChildren(
    el("h1", { text: "Entities" }),
    filterForm("/entities", params, ["actor", "country", "since", "until", "doc"]),
    el("p", { class: "muted", text: `From the newest ${data.scanned} entity records${data.truncated ? " (window full: narrow with dates or names)" : ""}.` }),
    t,
    pager("/entities", params, data),
  );
}

// ---- the desk: crises, responses, silences, patrons, claims --------------

// Black or white text on a level's colour.
function ink(color) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color || "");
  if (!m) return "#000";
  const [r, g, b] = m.slice(1).map((x) => parseInt(x, 16));
  return 0.299 * r + 0.587 * g + 0.114 * b < 140 ? "#fff" : "#000";
}

function swatch(color) {
  const s = el("span", { class: "swatch" });
  s.style.background = color;
  return s;
}

function levelTag(label, color) {
  const t = el("span", { class: "level", text: label });
  t.style.background = color;
  t.style.color = ink(color);
  return t;
}

function docHref(doc, record) {
  return hash("/doc/" + encodeURIComponent(doc), { hl: record });
}

// Evidence items (who, what, outlet, date, sentence): each sentence opens
// the document with the record highlighted.
function evidenceList(title, items, note) {
  const box = el("div", { class: "evidence-panel" }, el("h2", { text: title }));
  if (note) box.append(el("p", { class: "muted", text: note }));
  if (!items || !items.length) {
    box.append(el("p", { class: "muted", text: "No evidence." }));
    return box;
  }
  const list = el("ol", { class: "evidence" });
  for (const e of items.slice(0, 200)) {
    const when = day(e.date || e.published);
    list.append(
      el("li", { "data-record": e.record, "data-doc": e.doc },
        el("div", {}, el("strong", { text: e.who || "?" }), " — ", e.what),
        el("div", { class: "muted", text: [e.outlet || e.doc, when, e.level].filter(Boolean).join(" · ") }),
        link(docHref(e.doc, e.record), e.sentence_text || "(open)", { class: "ev-sentence" }),
      ),
    );
  }
  box.append(list);
  if (items.length > 200) box.append(el("p", { class: "muted", text: `and ${items.length - 200} more` }));
  return box;
}

function deskLayout(main, panel) {
  return el("div", { class: "desk-layout" }, main, panel);
}

function sidePanel(text) {
  return el("aside", { class: "panel" }, el("p", { class: "muted", text }));
}

// A number that opens its evidence in the side panel.
function evidenceButton(n, onclick, attrs) {
  if (!n) return el("span", { class: "muted", text: "0" });
  return el("button", Object.assign({ type: "button", class: "count", onclick }, attrs || {}), String(n));
}

function select(panel, node, content) {
  for (const s of document.querySelectorAll(".selected")) s.classList.remove("selected");
  if (node) node.classList.add("selected");
  panel.replaceChildren(content);
}

// The form to name a crisis (shown when the server is writable).
function crisisForm() {
  const form = el("form", { class: "filters name-crisis" });
  const field = (name, label, attrs) => el("label", {}, label, el("input", Object.assign({ name, type: "text" }, attrs || {})));
  const status = el("span", { class: "form-status", role: "status" });
  form.append(
    el("strong", { text: "Name a crisis " }),
    field("target", "target", { size: 5, placeholder: "VEN", required: true }),
    field("from", "from", { size: 10, placeholder: "YYYY-MM-DD", required: true }),
    field("to", "to", { size: 10, placeholder: "YYYY-MM-DD" }),
    field("name", "name", { size: 24, required: true }),
    field("attackers", "by", { size: 10, placeholder: "USA,…" }),
    field("token", "token", { type: "password", size: 12, autocomplete: "off", value: sessionStorage.getItem("demarche-token") || "" }),
    el("button", { type: "submit", text: "Add" }),
    status,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const v = (n) => form.querySelector(`input[name="${n}"]`).value.trim();
    sessionStorage.setItem("demarche-token", v("token"));
    const body = { target: v("target"), from: v("from"), name: v("name"), attackers: v("attackers").split(",").map((a) => a.trim()).filter(Boolean) };
    if (v("to")) body.to = v("to");
    status.textContent = "…";
    try {
      const c = await write("POST", "/api/crises", body);
      location.hash = hash("/crisis/" + encodeURIComponent(c.id));
    } catch (e) {
      status.textContent = e.message;
    }
  });
  return form;
}

async function crisesView(params) {
  const [page, stats] = await Promise.all([
    api("/api/crises", { target: params.target, limit: params.limit || 100, offset: params.offset }),
    api("/api/stats"),
  ]);
  const panel = sidePanel("Click a number of reports to see them.");
  const t = el("table", { class: "crises" }, el("tr", {},
    el("th", { text: "dates" }), el("th", { text: "target" }), el("th", { text: "crisis" }), el("th", { text: "by" }),
    el("th", { text: "origins" }), el("th", { class: "num", text: "reports" }), el("th", { class: "num", text: "sources" })));
  for (const c of page.items) {
    const tr = el("tr", { "data-crisis": c.id });
    const show = () => select(panel, tr, evidenceList(`${c.name}: the reports`, c.evidence, c.reports > c.evidence.length ? `The earliest ${c.evidence.length} of ${c.reports} reports.` : ""));
    tr.append(
      el("td", { class: "nowrap", text: c.from === c.to ? c.from : `${c.from} – ${c.to}` }),
      el("td", { text: c.target_name }),
      el("td", {}, link(hash("/crisis/" + encodeURIComponent(c.id)), c.name || c.id, { class: "crisis" })),
      el("td", { text: c.by_names.join(", ") || "?" }),
      el("td", { text: c.origins.join(", ") }),
      el("td", { class: "num" }, evidenceButton(c.reports, show, { class: "count reports" })),
      el("td", { class: "num" }, evidenceButton(c.sources, show)),
    );
    if (stats.writable && c.origins.includes("named")) {
      const remove = el("button", { type: "button", class: "remove", text: "remove" });
      remove.addEventListener("click", async () => {
        try {
          await write("DELETE", "/api/crises/" + encodeURIComponent(c.id));
          route();
        } catch (e) {
          remove.textContent = e.message;
        }
      });
      tr.append(el("td", {}, remove));
    }
    t.append(tr);
  }
  const form = filterForm("/crises", params, ["target"]);
  view().replaceChildren(
    el("h1", { text: "Crises" }),
    form,
    ...(stats.writable ? [crisisForm()] : []),
    el("p", { class: "muted", text: `${page.total} crises: named by the analyst, from the knowledge base, and found among the stored hostile events (desk built in ${page.built_ms} ms).` }),
    deskLayout(el("div", {}, page.items.length ? t : el("p", { class: "muted", text: "No crisis." }), pager("/crises", params, page)), panel),
  );
}

function speakersText(speakers) {
  return speakers.map((s) => `${s.name} (${s.role})`).join("; ");
}

// States × ladder levels: each cell the records at that level, coloured by
// the level when there are any; the strongest answer framed.
function heatMap(levels, rows, panel, name) {
  const rungs = levels.filter((l) => l.rank > 0);
  const head = el("tr", {}, el("th", { text: "state" }), el("th", { class: "num", text: "silences" }));
  for (const l of rungs) head.append(el("th", { class: "rung", text: l.label }));
  const t = el("table", { class: "heatmap" }, head);
  for (const r of rows.slice(0, 300)) {
    const tr = el("tr", { "data-actor": r.actor }, el("td", { text: r.actor_name }));
    const sil = el("td", { class: "num cell", "data-level": "silence", "data-actor": r.actor });
    sil.append(evidenceButton(r.silences.length, () => select(panel, sil, evidenceList(`${r.actor_name}: silences and denials`, r.silences))));
    tr.append(sil);
    for (const l of rungs) {
      const n = (r.counts || {})[l.id] || 0;
      const td = el("td", { class: "num cell" + (r.level === l.id ? " best" : ""), "data-level": l.id, "data-actor": r.actor, title: `${r.actor_name}: ${n} × ${l.label}` });
      if (n) {
        td.style.background = l.color;
        td.style.color = ink(l.color);
        const items = r.evidence.filter((e) => e.level === l.id);
        td.append(el("button", { type: "button", class: "count", onclick: () => select(panel, td, evidenceList(`${r.actor_name}: ${l.label} (${name})`, items)) }, String(n)));
      }
      tr.append(td);
    }
    t.append(tr);
  }
  return t;
}

function windowsTable(windows, panel, withCrisis) {
  const head = el("tr", {});
  if (withCrisis) head.append(el("th", { text: "crisis" }));
  for (const h of ["speaker", "role", "state", "from – to", "status"]) head.append(el("th", { text: h }));
  head.append(el("th", { class: "num", text: "searched", title: "documents about the crisis searched" }), el("th", { class: "num", text: "say silent" }), el("th", { class: "num", text: "statements" }));
  const t = el("table", { class: "windows" }, head);
  for (const w of windows.slice(0, 300)) {
    const tr = el("tr", { "data-speaker": w.speaker_id, "data-status": w.status });
    if (withCrisis) tr.append(el("td", {}, link(hash("/crisis/" + encodeURIComponent(w.crisis)), w.crisis_name || w.crisis)));
    tr.append(
      el("td", { text: w.speaker }),
      el("td", { text: w.role }),
      el("td", { text: w.actor_name }),
      el("td", { class: "nowrap" }, w.from, el("br"), "– " + w.to),
      el("td", {}, el("span", { class: "status " + w.status, text: w.status })),
      el("td", { class: "num", text: String(w.sources_searched) }),
      el("td", { class: "num" }, evidenceButton(w.explicit.length, () => select(panel, tr, evidenceList(`${w.speaker}: sources that say so`, w.explicit)), { class: "count explicit" })),
      el("td", { class: "num" }, evidenceButton(w.statements.length, () => select(panel, tr, evidenceList(`${w.speaker}: statements that withdraw the silence`, w.statements)), { class: "count statements" })),
    );
    t.append(tr);
  }
  return t;
}

async function crisisView(params, id) {
  const m = await api("/api/crises/" + encodeURIComponent(id), { actors: params.actors });
  const c = m.crisis;
  const panel = sidePanel("Click a number to see the sentences behind it.");
  const rows = m.rows.slice(0, 300);
  // The table lists the states with a record; the rest are named below it.
  const quiet = rows.filter((r) => !r.evidence.length && !r.silences.length);
  const t = el("table", { class: "matrix" }, el("tr", {},
    el("th", { text: "state" }), el("th", { text: "bond" }), el("th", { text: "level" }), el("th", { text: "speakers" }),
    el("th", { class: "num", text: "responses" }), el("th", { text: "per level" }), el("th", { text: "contested" }), el("th", { class: "num", text: "silences" })));
  const labels = new Map(m.levels.map((l) => [l.id, l.label]));
  for (const r of rows.filter((r) => r.evidence.length || r.silences.length)) {
    const tr = el("tr", { "data-actor": r.actor });
    const per = Object.entries(r.counts).map(([k, n]) => `${labels.get(k) || k}: ${n}`).join(", ");
    tr.append(
      el("td", { text: r.actor_name }),
      el("td", { class: "muted", text: r.bond || "" }),
      el("td", {}, levelTag(r.label, r.color)),
      el("td", { text: speakersText(r.speakers) }),
      el("td", { class: "num" }, evidenceButton(r.evidence.length, () => select(panel, tr, evidenceList(`${r.actor_name}: ${r.label}`, r.evidence)), { class: "count responses" })),
      el("td", { class: "muted", text: per }),
      el("td", { class: r.contested ? "flags" : "", text: r.contested ? "contested" : "" }),
      el("td", { class: "num" }, evidenceButton(r.silences.length, () => select(panel, tr, evidenceList(`${r.actor_name}: silences and denials`, r.silences)), { class: "count silences" })),
    );
    t.append(tr);
  }
  const legend = el("div", { class: "legend" });
  for (const l of m.levels) legend.append(el("span", {}, swatch(l.color), " " + l.label));
  const actors = el("input", { name: "actors", type: "text", value: params.actors || "", size: 24, placeholder: "RUS,CHN (default: partners, great powers, responders)" });
  const form = el("form", { class: "filters" }, el("label", {}, "states asked", actors), el("button", { type: "submit", text: "Ask" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = hash("/crisis/" + encodeURIComponent(id), { actors: actors.value.trim() });
  });
  const origin = [c.target_name, c.by_names.length ? "struck by " + c.by_names.join(", ") : "", c.from === c.to ? c.from : `${c.from} – ${c.to}`].filter(Boolean).join(" · ");
  const main = el("div", {},
    el("p", { class: "muted", text: `${origin}. Responses searched ${m.window[0]} – ${m.window[1]} in ${m.documents} documents about the crisis (${c.reports} reports, ${c.sources} independent sources; ${c.origins.join(", ")}).` }),
    form,
    el("h2", { text: "Heat map: states × ladder" }),
    legend,
    heatMap(m.levels, rows, panel, c.name),
    el("h2", { text: "Response matrix" }),
    t,
    quiet.length ? el("p", { class: "muted quiet", text: `No record of an answer (${quiet.length}): ` + quiet.map((r) => r.actor_name + (r.bond ? ` (${r.bond})` : "")).join("; ") + "." }) : null,
    m.rows.length > rows.length ? el("p", { class: "muted", text: `${m.rows.length - rows.length} more states not shown: ask for them by code.` }) : null,
    el("h2", { text: "Silence windows" }),
    m.silences.length ? windowsTable(m.silences, panel, false) : el("p", { class: "muted", text: "No expected speaker." }),
  );
  view().replaceChildren(el("h1", { text: c.name || c.id }), deskLayout(main, panel));
}

async function windowsView(params) {
  const query = Object.assign({ limit: 100 }, params);
  const page = await api("/api/silences/windows", query);
  const panel = sidePanel("Click a number to see the sentences behind it.");
  const status = el("select", { name: "status" }, ...["all", "silent", "spoke"].map((s) => el("option", { value: s, text: s })));
  status.value = params.status || "all";
  status.addEventListener("change", () => (location.hash = hash("/windows", Object.assign({}, params, { status: status.value, offset: "" }))));
  const named = params.crisis && page.items.length ? page.items[0].crisis_name : params.crisis;
  view().replaceChildren(
    el("h1", { text: "Silence windows" + (named ? " — " + named : "") }),
    filterForm("/windows", params, ["crisis", "actor"], { status: params.status }),
    el("p", {}, "Status: ", status),
    el("p", { class: "muted", text: "For each crisis, the expected speakers of each state asked (heads of state and government, foreign ministers, spokespeople): silent while no statement of theirs about the crisis is stored." }),
    deskLayout(el("div", {}, page.items.length ? windowsTable(page.items, panel, !params.crisis) : el("p", { class: "muted", text: "No silence window." }), pager("/windows", params, page)), panel),
  );
}

async function patronView(params, code) {
  const input = el("input", { name: "patron", type: "text", value: code || "", size: 6, placeholder: "RUS" });
  const form = el("form", { class: "filters" }, el("label", {}, "patron state (ISO code)", input), el("button", { type: "submit", text: "Show" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (input.value.trim()) location.hash = hash("/patron/" + encodeURIComponent(input.value.trim().toUpperCase()));
  });
  if (!code) {
    view().replaceChildren(el("h1", { text: "Patron" }), form, el("p", { class: "muted", text: "How a state answered the crises of the states bound to it, against what it had promised them." }));
    return;
  }
  const r = await api("/api/patrons/" + encodeURIComponent(code));
  const panel = sidePanel("Click a crisis's level to see the sentences behind it.");
  const rows = r.rows.slice(0, 300);
  const levels = new Map(r.summary.map((l) => [l.level, l]));
  const strip = el("div", { class: "strip" });
  const t = el("table", { class: "patron" }, el("tr", {},
    el("th", { text: "dates" }), el("th", { text: "target" }), el("th", { text: "crisis" }), el("th", { text: "commitment" }),
    el("th", { text: "expected" }), el("th", { text: "got" }), el("th", { class: "num", text: "silences" })));
  for (const x of rows) {
    const tr = el("tr", { "data-crisis": x.crisis });
    const show = () => select(panel, tr, evidenceList(`${r.patron_name} on ${x.crisis_name}: ${x.label}`, x.evidence, x.speakers.length ? "Speakers: " + speakersText(x.speakers) : ""));
    const cell = el("button", { type: "button", class: "strip-cell", "data-crisis": x.crisis, title: `${x.from} ${x.crisis_name}: ${x.label} (expected ${x.expected})`, onclick: show });
    cell.style.background = x.unknown ? "#ffffff" : x.color;
    if (!x.met && !x.unknown) cell.classList.add("short");
    strip.append(cell);
    const got = el("button", { type: "button", class: "count got", onclick: show }, levelTag(x.label, x.color));
    tr.append(
      el("td", { class: "nowrap" }, x.from, x.from === x.to ? null : el("br"), x.from === x.to ? null : "– " + x.to),
      el("td", { text: x.target_name }),
      el("td", {}, link(hash("/crisis/" + encodeURIComponent(x.crisis), { actors: r.patron }), x.crisis_name)),
      el("td", {}, x.commitment, el("div", { class: "muted small", text: "via " + x.via })),
      el("td", {}, levels.has(x.expected) ? levelTag(levels.get(x.expected).label, levels.get(x.expected).color) : x.expected),
      el("td", {}, got, el("div", { class: "small " + (x.unknown ? "muted" : x.met ? "coop" : "conflict"), text: (x.unknown ? "no source on the crisis" : x.met ? "met" : "short of the promise") + (x.contested ? "; contested" : "") })),
      el("td", { class: "num" }, evidenceButton(x.silences.length, () => select(panel, tr, evidenceList(`${r.patron_name} on ${x.crisis_name}: silences`, x.silences)))),
    );
    t.append(tr);
  }
  const shares = el("table", { class: "shares" }, el("tr", {}, el("th", { text: "level" }), el("th", { class: "num", text: "crises" }), el("th", { class: "num", text: "share" })));
  for (const s of r.summary) {
    shares.append(el("tr", {}, el("td", {}, swatch(s.color), " " + s.label), el("td", { class: "num", text: String(s.crises) }), el("td", { class: "num", text: Math.round(s.share * 100) + "%" })));
  }
  const commitments = el("table", { class: "commitments" }, el("tr", {}, el("th", { text: "commitment" }), el("th", { class: "num", text: "crises" }), el("th", { class: "num", text: "met" })));
  for (const [name, n, met] of r.by_commitment) commitments.append(el("tr", {}, el("td", { text: name }), el("td", { class: "num", text: String(n) }), el("td", { class: "num", text: String(met) })));
  const main = el("div", {},
    el("p", { class: "muted", text: `${r.rows.length} crises of states bound to ${r.patron_name}${r.unknown ? `; ${r.unknown} with no source in the store (left out of the shares)` : ""}. Oldest first; a framed cell fell short of the promise.` }),
    strip,
    t,
    el("div", { class: "side-by-side" }, el("div", {}, el("h2", { text: "Answers per level" }), shares), el("div", {}, el("h2", { text: "Per commitment" }), commitments)),
  );
  view().replaceChildren(el("h1", { text: `${r.patron_name} as a patron` }), form, deskLayout(main, panel));
}

// The records behind one outlet's carriage of a claim, loaded on demand.
function claimCellPanel(claim, carriage) {
  const box = el("div", { class: "evidence-panel" },
    el("h2", { text: `${carriage.outlet}: ${claim.claim}` }),
    carriage.wire ? el("p", { class: "muted", text: "Wire copy: " + carriage.wire }) : null);
  const list = el("ol", { class: "evidence" }, el("li", { class: "muted", text: "Loading…" }));
  box.append(list);
  Promise.all(carriage.records.slice(0, 30).map((id) => api("/api/records/" + encodeURIComponent(id)))).then((all) => {
    list.replaceChildren();
    for (const { record: r, document: d } of all) {
      list.append(el("li", { "data-record": r.id, "data-doc": r.doc }, el("div", { class: "muted", text: `${summary(r)} — ${source(d)}` }), docLink(d, r.id, r.sentence_text || "(open)")));
    }
  }, (err) => list.replaceChildren(el("li", { class: "error", text: err.message })));
  return box;
}

function sideCell(title, says, e) {
  if (!e) return el("td", {}, el("strong", { text: says }), el("div", { class: "muted", text: title }));
  return el("td", { "data-record": e.record },
    el("strong", { text: says }),
    el("div", { class: "muted", text: [e.outlet || e.doc, day(e.date || e.published)].filter(Boolean).join(" · ") }),
    link(docHref(e.doc, e.record), e.sentence_text, { class: "ev-sentence" }));
}

async function claimsView(params) {
  const min = params.min_outlets || "2";
  const [page, contra] = await Promise.all([
    api("/api/claims", { min_outlets: min, kind: params.kind, limit: 50, offset: params.offset }),
    api("/api/contradictions", { limit: 100, offset: params.coffset }),
  ]);
  const panel = sidePanel("Click a count to see the reports behind it.");
  // Columns: the outlets of this page, the most claims first.
  const tally = new Map();
  for (const c of page.items) for (const o of c.outlets) tally.set(o.outlet, (tally.get(o.outlet) || 0) + 1);
  const outlets = [...tally.keys()].sort((a, b) => tally.get(b) - tally.get(a) || a.localeCompare(b)).slice(0, 40);
  const head = el("tr", {}, el("th", { text: "claim" }), el("th", { class: "num", text: "sources" }));
  for (const o of outlets) head.append(el("th", { class: "num outlet", text: o }));
  const t = el("table", { class: "claims" }, head);
  for (const c of page.items) {
    const tr = el("tr", { "data-claim": c.id }, el("td", {}, link(docHref(c.evidence.doc, c.evidence.record), c.claim), el("div", { class: "muted", text: [c.kind, c.date ? day(c.date) : ""].filter(Boolean).join(" · ") })), el("td", { class: "num", text: String(c.sources) }));
    const by = new Map(c.outlets.map((o) => [o.outlet, o]));
    for (const o of outlets) {
      const s = by.get(o);
      const td = el("td", { class: "num cell", "data-outlet": o });
      if (s) {
        td.classList.add(s.wire ? "wire" : "own");
        td.append(el("button", { type: "button", class: "count", title: s.wire ? "wire copy (" + s.wire + ")" : "", onclick: () => select(panel, td, claimCellPanel(c, s)) }, String(s.reports) + (s.wire ? " w" : "")));
      }
      tr.append(td);
    }
    t.append(tr);
  }
  const kind = el("select", { name: "kind" }, ...["", "event", "statement"].map((k) => el("option", { value: k, text: k || "events and statements" })));
  kind.value = params.kind || "";
  const minInput = el("input", { name: "min_outlets", type: "number", min: "1", value: min, size: 4 });
  const form = el("form", { class: "filters" }, el("label", {}, "carried by at least (outlets)", minInput), el("label", {}, "kind", kind), el("button", { type: "submit", text: "Apply" }));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = hash("/claims", { min_outlets: minInput.value, kind: kind.value });
  });
  const ct = el("table", { class: "contradictions" }, el("tr", {}, el("th", { text: "field" }), el("th", { text: "claim" }), el("th", { text: "one source" }), el("th", { text: "the other" })));
  for (const x of contra.items) {
    ct.append(el("tr", {}, el("td", { text: x.field }), el("td", { text: x.claim }), sideCell("", x.a_says, x.a), sideCell("the knowledge base", x.b_says, x.b)));
  }
  const cpager = el("div", { class: "pager" });
  const coff = contra.offset || 0;
  if (coff > 0) cpager.append(link(hash("/claims", Object.assign({}, params, { coffset: Math.max(0, coff - contra.limit) })), "← Previous"));
  if (contra.more) cpager.append(link(hash("/claims", Object.assign({}, params, { coffset: coff + contra.limit })), "Next →"));
  const main = el("div", {},
    form,
    el("p", { class: "muted", text: `${page.total} claims carried by at least ${min} outlets. A cell counts one outlet's reports of the claim; "w" marks a wire copy (counted once among the independent sources).` }),
    page.items.length ? el("div", { class: "wide" }, t) : el("p", { class: "muted", text: "No claim." }),
    pager("/claims", params, page),
    el("h2", { text: `Contradictions (${contra.total})` }),
    contra.items.length ? ct : el("p", { class: "muted", text: "No two sources disagree." }),
    cpager,
  );
  view().replaceChildren(el("h1", { text: "Claims across outlets" }), deskLayout(main, panel));
}
