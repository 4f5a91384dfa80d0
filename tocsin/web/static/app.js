// tocsin dashboard: plain JavaScript, no build step, no external requests.
// Every view reads a JSON endpoint with the filters of the page URL (its "JSON twin").
// Text from articles is only ever inserted with textContent / text nodes, never as HTML.
"use strict";

(function () {
  const FILTERS = ["start", "end", "country", "type", "mode", "status", "actor", "q"];
  const SVGNS = "http://www.w3.org/2000/svg";
  const COLOURS = {
    AGREE: "#1f78b4", CONSULT: "#6baed6", SUPPORT: "#33a02c", CONCEDE: "#a1d99b",
    COOPERATE: "#17a2b8", AID: "#00695c", RETREAT: "#9e9ac8", REQUEST: "#f2b134",
    ACCUSE: "#ff7f00", REJECT: "#b15928", THREATEN: "#f768a1", PROTEST: "#e31a1c",
    SANCTION: "#8c6d31", MOBILIZE: "#636363", COERCE: "#ae017e", ASSAULT: "#3f007d",
  };
  const TYPES = Object.keys(COLOURS);
  const MAP_W = 800, MAP_H = 440;
  const TL_W = 1200, TL_H = 190, TL_PAD = { l: 34, r: 8, t: 8, b: 22 };

  const state = { sort: "-date", event: null, alert: null, cursor: null, world: null, facets: null };
  const $ = (sel) => document.querySelector(sel);
  const form = () => $("#filters");

  // ---- small DOM helpers (text only) ------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return node;
  }
  function svg(tag, attrs, parent) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function colour(type) { return COLOURS[type] || "#888"; }
  function group(status) {
    if (status === "occurred" || status === "ongoing") return "occurred";
    if (status === "negated") return "negated";
    return "expected";
  }
  async function getJSON(url) {
    const resp = await fetch(url, { headers: { Accept: "application/json" } });
    if (!resp.ok) throw new Error(url + ": HTTP " + resp.status);
    return resp.json();
  }
  function actorsText(list) {
    // an inferred role (a protest's default target) is not in the text: say so
    return (list || []).map((a) => a.text + (a.code || a.sector ? " (" + [a.code, a.sector].filter(Boolean).join(" ") + ")" : "")
      + (a.inferred ? " [inferred]" : "")).join("; ");
  }

  // ---- URL state -----------------------------------------------------------------------------
  function filtersFromURL() {
    const params = new URLSearchParams(location.search);
    const out = {};
    for (const f of FILTERS) out[f] = params.get(f) || "";
    state.sort = params.get("sort") || "-date";
    state.event = params.get("event") || null;
    state.alert = params.get("alert") || null;
    return out;
  }
  function currentFilters() {
    const out = {};
    const data = new FormData(form());
    for (const f of FILTERS) out[f] = (data.get(f) || "").toString().trim();
    return out;
  }
  function filterParams(filters, extra) {
    const p = new URLSearchParams();
    for (const f of FILTERS) if (filters[f]) p.set(f, filters[f]);
    for (const [k, v] of Object.entries(extra || {})) if (v !== null && v !== undefined && v !== "") p.set(k, v);
    return p;
  }
  function writeURL(push) {
    const p = filterParams(currentFilters(), { sort: state.sort !== "-date" ? state.sort : "", event: state.event,
      alert: state.alert });
    const url = location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function fillForm(filters) {
    const f = form();
    for (const name of FILTERS) {
      const input = f.elements[name];
      const value = filters[name] || "";
      if (input.tagName === "SELECT" && value && ![...input.options].some((o) => o.value === value)) {
        input.appendChild(el("option", { value }, value));
      }
      input.value = value;
    }
  }

  // ---- map -----------------------------------------------------------------------------------
  function extentOf(features) {
    if (!features.length) return { lon0: -170, lon1: 190, lat0: -58, lat1: 80 };
    let lon0 = 180, lon1 = -180, lat0 = 90, lat1 = -90;
    for (const f of features) {
      const [x, y] = f.geometry.coordinates;
      lon0 = Math.min(lon0, x); lon1 = Math.max(lon1, x); lat0 = Math.min(lat0, y); lat1 = Math.max(lat1, y);
    }
    const padX = Math.max(6, (lon1 - lon0) * 0.2), padY = Math.max(4, (lat1 - lat0) * 0.2);
    return { lon0: lon0 - padX, lon1: lon1 + padX, lat0: Math.max(-85, lat0 - padY), lat1: Math.min(85, lat1 + padY) };
  }
  function projection(ext) {
    const midLat = (ext.lat0 + ext.lat1) / 2;
    const kx = Math.cos((midLat * Math.PI) / 180);
    const spanX = (ext.lon1 - ext.lon0) * kx, spanY = ext.lat1 - ext.lat0;
    const scale = Math.min(MAP_W / spanX, MAP_H / spanY);
    const cx = (ext.lon0 + ext.lon1) / 2, cy = (ext.lat0 + ext.lat1) / 2;
    return (lon, lat) => [MAP_W / 2 + (lon - cx) * kx * scale, MAP_H / 2 - (lat - cy) * scale];
  }
  function ringPath(ring, project) {
    let d = "", shift = 0, prev = null;
    for (let i = 0; i < ring.length; i++) {
      let lon = ring[i][0];
      if (prev !== null) {  // unwrap rings that cross the antimeridian
        if (lon + shift - prev > 180) shift -= 360;
        else if (lon + shift - prev < -180) shift += 360;
      }
      lon += shift;
      prev = lon;
      const [x, y] = project(lon, ring[i][1]);
      d += (i ? "L" : "M") + x.toFixed(1) + "," + y.toFixed(1);
    }
    return d + "Z";
  }
  function drawMap(points) {
    const map = $("#map");
    clear(map);
    const feats = points.features;
    const ext = extentOf(feats);
    const project = projection(ext);
    const land = svg("g", { class: "land" }, map);
    for (const c of (state.world ? state.world.features : [])) {
      if (c.properties && c.properties.name === "Antarctica" && ext.lat0 > -50) continue;
      let d = "";
      for (const poly of c.geometry.coordinates) for (const ring of poly) d += ringPath(ring, project);
      const path = svg("path", { d, class: "country" }, land);
      const title = svg("title", {}, path);
      title.textContent = c.properties ? c.properties.name || "" : "";
    }
    // points at the same place spread on a small sunflower so that each stays clickable
    const byPlace = new Map();
    const sorted = feats.slice().sort((a, b) => b.properties.mention_count - a.properties.mention_count);
    for (const f of sorted) {
      const key = f.geometry.coordinates.map((v) => v.toFixed(2)).join(",");
      if (!byPlace.has(key)) byPlace.set(key, []);
      byPlace.get(key).push(f);
    }
    const layer = svg("g", { class: "points" }, map);
    const labels = svg("g", { class: "labels" }, map);
    const drawn = [];
    for (const list of byPlace.values()) {
      const [lon, lat] = list[0].geometry.coordinates;
      const [x0, y0] = project(lon, lat);
      list.forEach((f, i) => {
        const p = f.properties;
        const r = 3 + 2.6 * Math.sqrt(p.mention_count);
        const a = i * 2.39996, dist = i ? 6.5 * Math.sqrt(i) : 0;
        drawn.push({ r, x: x0 + dist * Math.cos(a), y: y0 + dist * Math.sin(a), p });
      });
      if (list.length >= 3 || byPlace.size < 12) {
        const label = svg("text", { x: x0 + 8 + 2 * Math.sqrt(list.length), y: y0 - 8 - 2 * Math.sqrt(list.length), class: "place-label" }, labels);
        label.textContent = (list[0].properties.place || "") + " (" + list.length + ")";
      }
    }
    drawn.sort((a, b) => b.r - a.r);  // big circles underneath
    for (const d of drawn) {
      const p = d.p;
      const c = svg("circle", {
        cx: d.x.toFixed(1), cy: d.y.toFixed(1), r: d.r.toFixed(1),
        class: "pt " + p.group + (p.id === state.event ? " selected" : ""),
        fill: colour(p.event_type), stroke: p.group === "occurred" ? "#fff" : colour(p.event_type),
        "data-id": p.id, "data-type": p.event_type, "data-mentions": p.mention_count,
      }, layer);
      const t = svg("title", {}, c);
      t.textContent = `${p.date || "undated"} ${p.event_type} (${p.status}) at ${p.place || "?"}: ${p.mention_count} mention(s), ${p.source_count} source(s)`;
      c.addEventListener("click", () => selectEvent(p.id, true));
    }
    const note = $("#map-note");
    note.textContent = feats.length + " located events" + (points.truncated ? " (most-mentioned shown)" : "") + "; size = mentions";
    const legend = $("#map-legend");
    clear(legend);
    const present = TYPES.filter((t) => feats.some((f) => f.properties.event_type === t));
    for (const t of present) {
      const chip = el("span", { class: "chip" });
      chip.style.background = colour(t);
      legend.appendChild(el("span", {}, chip, t));
    }
    legend.appendChild(el("span", {}, "hollow dashed circle = planned / threatened"));
    map.dataset.points = String(drawn.length);
  }

  // ---- timeline ------------------------------------------------------------------------------
  function addDays(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function addMonths(iso, n) {
    const d = new Date(iso + "T00:00:00Z");
    d.setUTCMonth(d.getUTCMonth() + n, 1);
    return d.toISOString().slice(0, 10);
  }
  function monthLabel(iso) {
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  }
  function dayLabel(iso) {
    const d = new Date(iso + "T00:00:00Z");
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
  }
  function drawTimeline(data) {
    const tl = $("#timeline");
    clear(tl);
    const items = data.items || [];
    const defs = svg("defs", {}, tl);
    for (const t of TYPES) {
      const pat = svg("pattern", { id: "hatch-" + t, patternUnits: "userSpaceOnUse", width: 5, height: 5, patternTransform: "rotate(45)" }, defs);
      svg("rect", { width: 5, height: 5, fill: "#fff" }, pat);
      svg("rect", { width: 2.2, height: 5, fill: colour(t) }, pat);
    }
    if (!items.length) {
      const t = svg("text", { x: TL_W / 2, y: TL_H / 2, "text-anchor": "middle", fill: "#888" }, tl);
      t.textContent = "No dated events for these filters";
      tl.dataset.bars = "0";
      return;
    }
    // bars are days, weeks or months (the server chooses by the span: data.bin); d is a bin's first day
    const unit = data.bin || "day";
    const next = (d) => unit === "week" ? addDays(d, 7) : unit === "month" ? addMonths(d, 1) : addDays(d, 1);
    const days = [];
    for (let d = data.start, guard = 0; d <= data.end && guard < 3700; d = next(d), guard++) days.push(d);
    const ends = new Map(items.map((it) => [it.day, it.end || it.day]));
    const stacks = new Map(days.map((d) => [d, []]));
    const order = { occurred: 0, expected: 1, negated: 2 };
    for (const it of items) if (stacks.has(it.day)) stacks.get(it.day).push(it);
    let max = 1;
    for (const list of stacks.values()) {
      list.sort((a, b) => order[a.group] - order[b.group] || TYPES.indexOf(a.event_type) - TYPES.indexOf(b.event_type));
      max = Math.max(max, list.reduce((s, i) => s + i.events, 0));
    }
    const plotW = TL_W - TL_PAD.l - TL_PAD.r, plotH = TL_H - TL_PAD.t - TL_PAD.b;
    const step = plotW / days.length, barW = Math.max(1, Math.min(40, step * 0.78));
    const y = (v) => TL_PAD.t + plotH - (v / max) * plotH;
    const axis = svg("g", { class: "axis" }, tl);
    const ticks = Math.min(4, max);
    for (let i = 0; i <= ticks; i++) {
      const v = Math.round((max * i) / ticks);
      svg("line", { x1: TL_PAD.l, x2: TL_W - TL_PAD.r, y1: y(v), y2: y(v) }, axis);
      const t = svg("text", { x: TL_PAD.l - 4, y: y(v) + 4, "text-anchor": "end" }, axis);
      t.textContent = String(v);
    }
    const every = Math.max(1, Math.ceil(days.length / 14));
    days.forEach((d, i) => {
      if (i % every) return;
      const t = svg("text", { x: TL_PAD.l + step * i + step / 2, y: TL_H - 6, "text-anchor": "middle" }, axis);
      t.textContent = unit === "month" ? monthLabel(d) : dayLabel(d);
    });
    const bars = svg("g", { class: "bars" }, tl);
    let n = 0;
    days.forEach((d, i) => {
      let acc = 0;
      const x = TL_PAD.l + step * i + (step - barW) / 2;
      for (const it of stacks.get(d)) {
        const top = y(acc + it.events), h = y(acc) - top;
        const attrs = { x: x.toFixed(1), y: top.toFixed(1), width: barW.toFixed(1), height: Math.max(0.5, h - 0.6).toFixed(1),
          class: "bar " + it.group, "data-day": d, "data-type": it.event_type, "data-group": it.group };
        if (it.group === "occurred") attrs.fill = colour(it.event_type);
        else if (it.group === "expected") { attrs.fill = `url(#hatch-${it.event_type})`; attrs.stroke = colour(it.event_type); }
        else attrs.stroke = colour(it.event_type);
        const rect = svg("rect", attrs, bars);
        const title = svg("title", {}, rect);
        const st = Object.entries(it.statuses).map(([k, v]) => v + " " + k).join(", ");
        const when = unit === "day" ? dayLabel(d) : unit === "week" ? "week of " + dayLabel(d) : monthLabel(d);
        title.textContent = `${when}: ${it.events} ${it.event_type} (${st}), ${it.mentions} mention(s)`;
        rect.addEventListener("click", () => { const f = currentFilters(); f.start = d; f.end = ends.get(d) || d; f.type = it.event_type; fillForm(f); applyFilters(); });
        acc += it.events;
        n++;
      }
    });
    tl.dataset.bars = String(n);
  }

  // ---- table ---------------------------------------------------------------------------------
  function statusBadge(status) { return el("span", { class: "status " + group(status) }, status); }
  function addRows(items) {
    const body = $("#events tbody");
    for (const e of items) {
      const chip = el("span", { class: "chip" });
      chip.style.background = colour(e.event_type);
      const loc = e.location || {};
      const tr = el("tr", { dataset: { id: e.id }, class: e.id === state.event ? "selected" : null },
        el("td", {}, e.date || ""),
        el("td", {}, chip, e.event_type + (e.mode ? " / " + e.mode : "")),
        el("td", {}, statusBadge(e.status)),
        el("td", {}, actorsText(e.actor)),
        el("td", {}, actorsText(e.recipient)),
        el("td", {}, [loc.name || loc.text, loc.country].filter(Boolean).join(", ")),
        el("td", { class: "num" }, e.mention_count),
        el("td", { class: "num" }, e.source_count),
        el("td", { class: "num" }, (e.confidence || 0).toFixed(2)),
        el("td", { class: "evidence" }, e.event_text.length > 180 ? e.event_text.slice(0, 177) + "..." : e.event_text));
      tr.addEventListener("click", () => selectEvent(e.id, true));
      body.appendChild(tr);
    }
    const rows = body.querySelectorAll("tr").length;
    $("#events").dataset.rows = String(rows);
    $("#table-note").textContent = rows + " shown";
  }
  async function loadTable(filters) {
    const params = filterParams(filters, { sort: state.sort, limit: 100 });
    $("#table-json").href = "/events?" + params;
    for (const a of document.querySelectorAll("a.dl")) {
      a.href = "/export?" + filterParams(filters, { format: a.dataset.format, sort: state.sort });
    }
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.classList.toggle("sorted", state.sort.replace("-", "") === th.dataset.sort);
      th.classList.toggle("asc", !state.sort.startsWith("-"));
    }
    const page = await getJSON("/events?" + params);
    clear($("#events tbody"));
    addRows(page.items);
    state.cursor = page.next_cursor;
    $("#more").hidden = !state.cursor;
  }
  async function moreRows() {
    if (!state.cursor) return;
    const params = filterParams(currentFilters(), { sort: state.sort, limit: 100, cursor: state.cursor });
    const page = await getJSON("/events?" + params);
    addRows(page.items);
    state.cursor = page.next_cursor;
    $("#more").hidden = !state.cursor;
  }

  // ---- event detail --------------------------------------------------------------------------
  function findAll(hay, needle) {
    const out = [];
    if (!needle || needle.length < 2) return out;
    const h = hay.toLowerCase(), n = needle.toLowerCase();
    let i = h.indexOf(n);
    while (i >= 0) { out.push(i); i = h.indexOf(n, i + n.length); }
    return out;
  }
  // Article text as nodes: the evidence span marked, inside it the actor, recipient and trigger words.
  function highlighted(text, start, end, record) {
    const frag = document.createDocumentFragment();
    if (!(start >= 0 && end > start && end <= text.length) || text.slice(start, end) !== record.event_text) {
      const at = text.indexOf(record.event_text);
      if (at >= 0) { start = at; end = at + record.event_text.length; }
    }
    if (!(start >= 0 && end > start && end <= text.length)) {
      frag.appendChild(document.createTextNode(text));
      return frag;
    }
    const ev = text.slice(start, end);
    const marks = [];
    for (const role of ["actor", "recipient"]) {
      for (const a of record[role] || []) for (const i of findAll(ev, a.text)) marks.push({ s: i, e: i + a.text.length, cls: role });
    }
    if (record.trigger) {
      const re = new RegExp("\\b" + record.trigger.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\w*", "i");
      const m = re.exec(ev);
      if (m) marks.push({ s: m.index, e: m.index + m[0].length, cls: "trigger" });
    }
    marks.sort((a, b) => a.s - b.s || b.e - a.e);
    frag.appendChild(document.createTextNode(text.slice(0, start)));
    const evMark = el("mark", { class: "evidence" });
    let pos = 0;
    for (const m of marks) {
      if (m.s < pos) continue;  // overlapping: keep the first
      evMark.appendChild(document.createTextNode(ev.slice(pos, m.s)));
      evMark.appendChild(el("mark", { class: m.cls, title: m.cls }, ev.slice(m.s, m.e)));
      pos = m.e;
    }
    evMark.appendChild(document.createTextNode(ev.slice(pos)));
    frag.appendChild(evMark);
    frag.appendChild(document.createTextNode(text.slice(end)));
    return frag;
  }
  function safeLink(url, label) {
    if (url && /^https?:\/\//i.test(url)) return el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, label);
    return el("span", {}, label);
  }
  async function selectEvent(id, push) {
    state.event = id;
    writeURL(push);
    for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
    for (const c of document.querySelectorAll("#map .pt")) c.classList.toggle("selected", c.dataset.id === id);
    await loadDetail(id);
  }
  async function loadDetail(id) {
    const box = $("#detail");
    const twin = $("#detail-json");
    box.dataset.loaded = "";
    if (!id) { twin.hidden = true; return; }
    twin.hidden = false;
    twin.href = "/events/" + encodeURIComponent(id);
    let ev;
    try { ev = await getJSON("/events/" + encodeURIComponent(id)); } catch (err) {
      clear(box); box.appendChild(el("p", { class: "error" }, "Could not load event " + id + ": " + err.message)); return;
    }
    const chip = el("span", { class: "chip" });
    chip.style.background = colour(ev.event_type);
    const loc = ev.location || {};
    const mentions = ev.mentions.slice(0, 12);
    const articles = await Promise.all(mentions.map((m) =>
      getJSON("/articles/" + encodeURIComponent(m.article_hash)).catch(() => null)));
    clear(box);
    box.appendChild(el("h3", {}, chip, ev.event_type + (ev.mode ? " / " + ev.mode : "") + " ", statusBadge(ev.status)));
    const dl = el("dl", {});
    const row = (k, v) => { if (v) { dl.appendChild(el("dt", {}, k)); dl.appendChild(el("dd", {}, v)); } };
    row("Date", (ev.date || "unknown") + (ev.time ? " " + ev.time : ""));
    row("Where", [loc.name || loc.text, loc.country].filter(Boolean).join(", "));
    row("Actor", actorsText(ev.actor));
    row("Recipient", actorsText(ev.recipient));
    row("Context", (ev.context || []).join(", "));
    row("Reports", `${ev.mention_count} mention(s) in ${ev.article_count} article(s) from ${ev.source_count} source(s); confidence ${ev.confidence.toFixed(2)}`);
    box.appendChild(dl);
    const key = el("div", { class: "hl-key" }, "Highlights: ", el("mark", { class: "evidence" }, "evidence"), " ",
      el("mark", { class: "actor" }, "actor"), " ", el("mark", { class: "recipient" }, "recipient"), " ",
      el("mark", { class: "trigger" }, "trigger"));
    box.appendChild(key);
    mentions.forEach((m, i) => {
      const art = articles[i];
      const div = el("div", { class: "mention", dataset: { mention: m.id } });
      div.appendChild(el("div", { class: "meta" },
        (m.representative ? "\u2605 " : "") + (m.source || "unknown source") + " \u00b7 " + (m.published || "undated") + " \u00b7 ",
        safeLink(m.url, m.title || m.article_id), " \u00b7 confidence " + m.confidence.toFixed(2)));
      if (m.why && m.why.summary) div.appendChild(el("div", { class: "why" }, (m.why.merged ? "merged: " : "") + m.why.summary));
      const body = el("div", { class: "article" });
      if (art) body.appendChild(highlighted(art.text, m.span[0], m.span[1], m.record));
      else body.appendChild(document.createTextNode(m.event_text));
      div.appendChild(body);
      box.appendChild(div);
      const mark = body.querySelector("mark.evidence");
      if (mark) body.scrollTop = Math.max(0, mark.offsetTop - body.offsetTop - 30);
    });
    if (ev.mentions.length > mentions.length) box.appendChild(el("p", { class: "note" }, `and ${ev.mentions.length - mentions.length} more mention(s): see the JSON`));
    box.dataset.loaded = id;
  }

  // ---- alerts --------------------------------------------------------------------------------
  // One row per stored alert (GET /alerts, newest first) with its 28-day indicator as a sparkline.
  // Clicking a row filters the page to the alert's events (country + date window) and opens the
  // first triggering event; the event links open that event.
  const SPARK_W = 120, SPARK_H = 28;
  function finite(v) { return typeof v === "number" && isFinite(v); }
  function fmtValue(v) { return finite(v) ? String(Math.round(v * 1000) / 1000) : "n/a"; }
  function sparkline(spark) {
    const values = (spark && Array.isArray(spark.values)) ? spark.values : [];
    const days = (spark && Array.isArray(spark.days)) ? spark.days : [];
    const indicator = (spark && spark.indicator) || "";
    const box = svg("svg", { class: "spark", viewBox: `0 0 ${SPARK_W} ${SPARK_H}`, role: "img",
      "data-indicator": indicator, "data-points": 0 });
    const nums = values.filter(finite);
    if (!nums.length) return box;
    const lo = Math.min(0, ...nums);
    let hi = Math.max(...nums);
    if (hi <= lo) hi = lo + 1;
    const n = values.length;
    const x = (i) => (n > 1 ? (i * SPARK_W) / (n - 1) : SPARK_W / 2);
    const y = (v) => SPARK_H - 2 - ((v - lo) / (hi - lo)) * (SPARK_H - 4);
    svg("line", { class: "base", x1: 0, x2: SPARK_W, y1: y(lo).toFixed(1), y2: y(lo).toFixed(1) }, box);
    let d = "", pen = false, points = 0, last = -1;
    values.forEach((v, i) => {
      if (!finite(v)) { pen = false; return; }
      d += (pen ? "L" : "M") + x(i).toFixed(1) + "," + y(v).toFixed(1);
      pen = true; points++; last = i;
    });
    svg("path", { class: "line", d }, box);
    svg("circle", { class: "now", cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 2.2 }, box);
    box.setAttribute("data-points", String(points));
    const title = svg("title", {}, box);
    title.textContent = `${indicator}, ${days[0] || "?"} to ${days[days.length - 1] || "?"}: ` +
      `min ${fmtValue(Math.min(...nums))}, max ${fmtValue(Math.max(...nums))}, on the alert's day ${fmtValue(values[last])}`;
    return box;
  }
  function alertWindow(a) {
    const days = (a.events || []).map((e) => e.date).filter(Boolean).concat(a.day ? [a.day] : []).sort();
    return { start: days[0] || "", end: days[days.length - 1] || "" };
  }
  function alertCountry(a) {
    // the country of its events: a sanction against BLR may be reported (and located) in Brussels
    const located = (a.events || []).map((e) => e.country).filter(Boolean);
    if (a.country && (!located.length || located.includes(a.country))) return a.country;
    return located[0] || a.country || a.unit || "";
  }
  function selectAlert(a, eventId) {
    state.alert = a.id;
    const win = alertWindow(a);
    fillForm({ country: alertCountry(a), start: win.start, end: win.end });
    const first = (a.events || [])[0];
    state.event = eventId || (first ? first.id : null);
    writeURL(true);
    highlightAlert();
    loadAll();
  }
  function highlightAlert(scroll) {
    for (const tr of document.querySelectorAll("#alerts tbody tr")) {
      const on = !!state.alert && tr.dataset.id === state.alert;
      tr.classList.toggle("selected", on);
      if (on && scroll) {  // bring it into the list's view (the page itself does not move)
        const wrap = tr.closest(".table-wrap"), head = wrap.querySelector("thead");
        const top = tr.offsetTop - (head ? head.offsetHeight : 0);
        if (top < wrap.scrollTop || tr.offsetTop + tr.offsetHeight > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = Math.max(0, top);
      }
    }
  }
  function drawAlerts(items) {
    const body = $("#alerts tbody");
    clear(body);
    for (const a of items) {
      const unit = a.unit + (a.unit_kind && a.unit_kind !== "country" ? " (" + a.unit_kind + ")" : "") +
        (a.country && a.country !== a.unit ? ", " + a.country : "");
      const summary = String(a.summary || "");
      const links = el("td", { class: "events" });
      (a.events || []).slice(0, 6).forEach((e) => {
        const link = el("a", { class: "ev", href: "/events/" + encodeURIComponent(e.id), "data-event": e.id,
          title: [e.date, e.event_type, e.status, e.event_text].filter(Boolean).join(" \u00b7 ") },
          (e.event_type || "event") + " " + (e.date || ""));
        link.addEventListener("click", (ev) => {
          if (ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;  // new tab: the JSON
          ev.preventDefault(); ev.stopPropagation();
          selectAlert(a, e.id);
        });
        links.appendChild(link);
      });
      if ((a.events || []).length > 6) links.appendChild(el("span", { class: "note" }, "+" + (a.events.length - 6)));
      const tr = el("tr", { dataset: { id: a.id, rule: a.rule, unit: a.unit, country: a.country || "", day: a.day },
          class: a.id === state.alert ? "selected" : null, title: "Show this alert's events" },
        el("td", {}, a.day || ""),
        el("td", {}, el("span", { class: "sev " + (a.severity || "") }, a.severity || "")),
        el("td", {}, el("span", { class: "title" }, a.title || a.rule), el("span", { class: "rule" }, a.rule)),
        el("td", {}, unit),
        el("td", { class: "num" }, finite(a.score) ? a.score.toFixed(2) : ""),
        el("td", { class: "spark-cell" }, sparkline(a.sparkline)),
        el("td", { class: "summary", title: summary }, el("div", {}, summary)),
        links);
      tr.addEventListener("click", () => selectAlert(a));
      body.appendChild(tr);
    }
    if (!items.length) {
      body.appendChild(el("tr", { class: "empty" }, el("td", { colspan: 8 },
        "No alerts stored: run tocsin alerts (or tocsin demo) to evaluate the rules on this store.")));
    }
    $("#alerts").dataset.rows = String(items.length);
    highlightAlert(true);
    $("#alerts-note").textContent = items.length ? items.length + " stored, newest first; click one to see its events" : "";
  }
  async function loadAlerts() {
    const params = new URLSearchParams({ full: "false", limit: "100" });
    $("#alerts-json").href = "/alerts?" + params;
    try {
      drawAlerts((await getJSON("/alerts?" + params)).items || []);
    } catch (err) {
      const body = $("#alerts tbody");
      clear(body);
      body.appendChild(el("tr", { class: "empty" }, el("td", { colspan: 8, class: "error" }, String(err.message || err))));
      $("#alerts").dataset.rows = "0";
    }
  }

  // ---- loading -------------------------------------------------------------------------------
  async function loadAll() {
    document.body.dataset.ready = "";
    const filters = currentFilters();
    const params = filterParams(filters);
    $("#map-json").href = "/map/points?" + params;
    $("#timeline-json").href = "/aggregates/timeline?" + params;
    try {
      const [points, timeline] = await Promise.all([
        getJSON("/map/points?" + params), getJSON("/aggregates/timeline?" + params), loadTable(filters)]);
      drawMap(points);
      drawTimeline(timeline);
      await loadDetail(state.event);
    } catch (err) {
      const box = $("#detail");
      clear(box);
      box.appendChild(el("p", { class: "error" }, String(err.message || err)));
    }
    document.body.dataset.ready = "1";
  }
  function applyFilters() { state.event = null; state.alert = null; highlightAlert(); writeURL(true); loadAll(); }

  async function init() {
    const filters = filtersFromURL();
    const [facets, world] = await Promise.all([
      getJSON("/facets").catch(() => null), getJSON("/static/world.geojson").catch(() => null), loadAlerts()]);
    state.facets = facets; state.world = world;
    const f = form();
    if (facets) {
      for (const c of facets.countries) f.elements.country.appendChild(el("option", { value: c.country }, `${c.country} (${c.events})`));
      for (const t of facets.event_types) f.elements.type.appendChild(el("option", { value: t.code }, t.code));
      for (const s of facets.statuses) f.elements.status.appendChild(el("option", { value: s }, s));
      for (const m of facets.modes) $("#modes").appendChild(el("option", { value: m }));
    }
    fillForm(filters);
    f.addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
    $("#reset").addEventListener("click", () => { fillForm({}); state.sort = "-date"; applyFilters(); });
    $("#more").addEventListener("click", moreRows);
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === "-" + key ? key : "-" + key;
        writeURL(true);
        loadTable(currentFilters());
      });
    }
    window.addEventListener("popstate", () => { fillForm(filtersFromURL()); highlightAlert(true); loadAll(); });
    await loadAll();
  }
  document.addEventListener("DOMContentLoaded", init);
})();
