/* listlint HTML report: the drafts table (filter, sort, pages), the draft sections of the page
   on screen (in the page, or unpacked from gzip data blocks), finding pop-ups, links into drafts.
   Draft text only reaches the page through textContent, or inside markup that listlint wrote
   with every draft text escaped (the page itself, or a section that DOMParser parses into an
   inert document); this script never uses innerHTML, outerHTML, insertAdjacentHTML or
   document.write. */
(function () {
  "use strict";
  var root = document.documentElement;
  var D = JSON.parse(document.getElementById("ll-data").textContent);
  var L = D.labels;
  var SEV = D.sev;
  var ROWS = D.rows; // [index, path, line, platform, category, title, [counts per SEV], [rule indexes]]
  var PAGE = D.page;
  var state = { q: "", sev: "", rule: "", platform: "", key: "i", dir: 1, page: 0 };
  var cache = {}; // draft index -> its <article>
  var rendering = 0; // the latest render (an older one that finishes later is dropped)
  var body = document.getElementById("ll-rows");
  var view = document.getElementById("ll-view");
  var pager = document.getElementById("ll-pager");
  var count = document.getElementById("ll-count");
  var q = document.getElementById("ll-q");
  var sevSelect = document.getElementById("ll-sev");
  var ruleSelect = document.getElementById("ll-rule");
  var platformSelect = document.getElementById("ll-platform");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, name) {
      return values[name] !== undefined ? String(values[name]) : all;
    });
  }

  function total(r) {
    var n = 0;
    for (var k = 0; k < r[6].length; k++) n += r[6][k];
    return n;
  }

  function platformName(p) {
    return p ? L.platforms[p] || p : "";
  }

  // -- filters and sorting -------------------------------------------------------------------
  function option(select, value, text) {
    var o = el("option", "", text);
    o.value = value;
    select.appendChild(o);
  }

  function fillControls() {
    option(sevSelect, "", L.all_severities);
    SEV.forEach(function (s, n) {
      option(sevSelect, "s" + n, fmt(L.has_severity, { label: L.severity[s] || s }));
    });
    option(sevSelect, "none", L.no_findings);
    option(ruleSelect, "", L.all_rules);
    D.rules.forEach(function (rule, n) { option(ruleSelect, String(n), rule); });
    option(platformSelect, "", L.all_platforms);
    var seen = {};
    ROWS.forEach(function (r) {
      if (r[3] && !seen[r[3]]) { seen[r[3]] = 1; option(platformSelect, r[3], platformName(r[3])); }
    });
  }

  function matches(r) {
    if (state.sev === "none" && total(r) !== 0) return false;
    if (state.sev && state.sev !== "none" && !(r[6][Number(state.sev.slice(1))] > 0)) return false;
    if (state.rule !== "" && r[7].indexOf(Number(state.rule)) < 0) return false;
    if (state.platform && r[3] !== state.platform) return false;
    if (!state.q) return true;
    var needle = state.q.toLowerCase();
    return [r[1], r[4], r[5]].some(function (s) { return String(s).toLowerCase().indexOf(needle) >= 0; });
  }

  function sortValue(r, key) {
    if (key === "i") return r[0];
    if (key === "path") return r[1] + "\u0000" + String(r[2]).padStart(9, "0");
    if (key === "platform") return platformName(r[3]);
    if (key === "category") return r[4];
    if (key === "title") return r[5];
    if (key === "verdict") return total(r) === 0 ? 0 : r[6][0] > 0 ? 2 : 1;
    return r[6][Number(key.slice(1))];
  }

  function current() {
    var list = ROWS.filter(matches);
    var key = state.key, dir = state.dir;
    list.sort(function (a, b) {
      var x = sortValue(a, key), y = sortValue(b, key);
      var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return c !== 0 ? c * dir : a[0] - b[0];
    });
    return list;
  }

  // -- draft sections ------------------------------------------------------------------------
  function hydrate(article) {
    var images = article.querySelectorAll("img[data-img]");
    for (var k = 0; k < images.length; k++) {
      var uri = D.img[images[k].getAttribute("data-img")];
      if (typeof uri === "string" && uri.indexOf("data:image/") === 0) images[k].src = uri;
    }
  }

  // the sections of a large report are in gzip packs (data blocks "c0", "c1" …, PACK drafts
  // each, split by D.split): a pack is unpacked when a draft in it is shown, and each section
  // is parsed by DOMParser into an inert document (no script runs there) and adopted here.
  // The markup is the report's own, every draft text in it escaped by listlint.
  var PACK = D.pack;
  var packs = {};
  var unpacked = [];
  var parser = new DOMParser();

  function unpack(n) {
    if (!packs[n]) {
      var block = document.getElementById("c" + n);
      if (!block || typeof DecompressionStream === "undefined") return Promise.resolve([]);
      var bin = atob(block.textContent);
      var bytes = new Uint8Array(bin.length);
      for (var k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      packs[n] = new Response(stream).text().then(function (text) { return text.split(D.split); });
      unpacked.push(n);
      if (unpacked.length > 8) delete packs[unpacked.shift()]; // keep a few packs' text
    }
    return packs[n];
  }

  function article(i) {
    if (cache[i]) return Promise.resolve(cache[i]);
    if (!PACK) return Promise.resolve(null);
    return unpack(Math.floor(i / PACK)).then(function (parts) {
      if (cache[i]) return cache[i];
      var markup = parts[i % PACK];
      if (typeof markup !== "string") return null;
      var node = parser.parseFromString(markup, "text/html").body.firstElementChild;
      if (!node || node.getAttribute("data-i") !== String(i)) return null;
      node = document.adoptNode(node);
      hydrate(node);
      cache[i] = node;
      return node;
    });
  }

  // -- the table -----------------------------------------------------------------------------
  function link(i, text) {
    var a = el("a", "", text);
    a.href = "#d" + i;
    return a;
  }

  function tableRow(r) {
    var tr = el("tr");
    var t = total(r);
    tr.appendChild(el("td", "num")).appendChild(link(r[0], r[0] + 1));
    var path = tr.appendChild(el("td", "path"));
    path.appendChild(link(r[0], r[1]));
    if (r[2]) path.appendChild(el("span", "ln", " " + fmt(L.jsonl_line, { line: r[2] })));
    tr.appendChild(el("td", "", platformName(r[3])));
    tr.appendChild(el("td", "", r[4]));
    // a draft without findings has no kept text (the check keeps the bytes of drafts with findings)
    tr.appendChild(r[5] || t ? el("td", "tt", r[5]) : el("td", "tt note", L.no_findings));
    r[6].forEach(function (n, k) {
      tr.appendChild(el("td", "num" + (n ? " s-" + SEV[k] : " z"), n));
    });
    var failed = r[6][0] > 0;
    tr.appendChild(el("td", failed ? "fail" : t ? "warn" : "pass", failed ? L.failed : L.passed));
    return tr;
  }

  function pagerButton(text, page, disabled) {
    var b = el("button", "", text);
    b.type = "button";
    b.disabled = disabled;
    b.addEventListener("click", function () { state.page = page; render(); });
    return b;
  }

  function render() {
    var list = current();
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    var slice = list.slice(state.page * PAGE, (state.page + 1) * PAGE);
    body.replaceChildren.apply(body, slice.map(tableRow));
    if (!slice.length) {
      var empty = el("tr");
      var cell = empty.appendChild(el("td", "note", L.no_match));
      cell.colSpan = 6 + SEV.length;
      body.appendChild(empty);
    }
    count.textContent = fmt(L.shown, { shown: list.length, all: ROWS.length });
    pager.replaceChildren(
      pagerButton(L.prev, state.page - 1, state.page === 0),
      el("span", "", fmt(L.page, { page: state.page + 1, pages: pages })),
      pagerButton(L.next, state.page + 1, state.page >= pages - 1)
    );
    var buttons = document.querySelectorAll("[data-sort]");
    for (var k = 0; k < buttons.length; k++) {
      var on = buttons[k].getAttribute("data-sort") === state.key;
      buttons[k].className = on ? (state.dir > 0 ? "asc" : "desc") : "";
    }
    var mine = ++rendering;
    return Promise.all(slice.map(function (r) { return article(r[0]); })).then(function (nodes) {
      if (mine !== rendering) return;
      var shown = nodes.filter(Boolean);
      if (shown.length < slice.length && PACK && typeof DecompressionStream === "undefined") {
        shown = [el("p", "note", L.old_browser)];
      }
      view.replaceChildren.apply(view, shown);
    });
  }

  function reset() {
    state.q = state.sev = state.rule = state.platform = "";
    q.value = sevSelect.value = ruleSelect.value = platformSelect.value = "";
  }

  // -- links into drafts: #d12 or #d12-f3 ------------------------------------------------------
  function go(hash) {
    var m = /^#d(\d+)(?:-f\d+)?$/.exec(hash);
    if (!m) return Promise.resolve();
    var i = Number(m[1]);
    var list = current();
    var at = list.findIndex(function (r) { return r[0] === i; });
    if (at < 0) {
      reset();
      list = current();
      at = list.findIndex(function (r) { return r[0] === i; });
    }
    if (at < 0) return Promise.resolve();
    var shown = Promise.resolve();
    if (Math.floor(at / PAGE) !== state.page || !document.getElementById("d" + i)) {
      state.page = Math.floor(at / PAGE);
      shown = render();
    }
    return shown.then(function () {
      var target = document.getElementById(hash.slice(1));
      if (!target) return;
      target.scrollIntoView({ block: "start" });
      target.classList.remove("flash");
      void target.offsetWidth;
      target.classList.add("flash");
    });
  }

  // -- finding pop-ups ---------------------------------------------------------------------
  var pop = el("div", "pop");
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  document.body.appendChild(pop);
  var pinned = null, hideTimer = 0;

  function findingOf(target) {
    var a = target.closest("article.draft");
    return a ? document.getElementById(a.id + "-f" + target.getAttribute("data-f")) : null;
  }

  function show(target) {
    var item = findingOf(target);
    if (!item) return;
    clearTimeout(hideTimer);
    var copy = item.cloneNode(true);
    copy.removeAttribute("id");
    pop.replaceChildren(copy);
    pop.hidden = false;
    var r = target.getBoundingClientRect();
    var width = Math.min(420, window.innerWidth - 16);
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8)) + window.scrollX + "px";
    pop.style.top = r.bottom + window.scrollY + 6 + "px";
  }

  function hide() {
    pinned = null;
    pop.hidden = true;
  }

  function marked(event) {
    var t = event.target;
    return t && t.closest ? t.closest("mark[data-f], a.fb[data-f]") : null;
  }

  document.addEventListener("mouseover", function (event) {
    var t = marked(event);
    if (t && !pinned) show(t);
  });
  document.addEventListener("mouseout", function (event) {
    if (marked(event) && !pinned) hideTimer = setTimeout(hide, 250);
  });
  pop.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
  pop.addEventListener("mouseout", function () { if (!pinned) hideTimer = setTimeout(hide, 250); });
  document.addEventListener("focusin", function (event) { var t = marked(event); if (t) show(t); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  document.addEventListener("click", function (event) {
    var t = marked(event);
    if (t && t.tagName === "MARK") {
      if (pinned === t) { hide(); return; }
      show(t);
      pinned = t;
      return;
    }
    var f = event.target.closest ? event.target.closest("[data-filter-rule]") : null;
    if (f) {
      reset();
      var n = D.rules.indexOf(f.getAttribute("data-filter-rule"));
      state.rule = ruleSelect.value = n < 0 ? "" : String(n);
      state.page = 0;
      render();
      document.getElementById("ll-list").scrollIntoView({ block: "start" });
      return;
    }
    if (pinned && !pop.contains(event.target)) hide();
  });

  // -- wiring --------------------------------------------------------------------------------
  fillControls();
  var articles = view.querySelectorAll("article.draft");
  for (var k = 0; k < articles.length; k++) cache[articles[k].getAttribute("data-i")] = articles[k];
  q.addEventListener("input", function () { state.q = q.value.trim(); state.page = 0; render(); });
  sevSelect.addEventListener("change", function () { state.sev = sevSelect.value; state.page = 0; render(); });
  ruleSelect.addEventListener("change", function () { state.rule = ruleSelect.value; state.page = 0; render(); });
  platformSelect.addEventListener("change", function () {
    state.platform = platformSelect.value; state.page = 0; render();
  });
  var sorters = document.querySelectorAll("[data-sort]");
  for (var s = 0; s < sorters.length; s++) {
    sorters[s].addEventListener("click", function (event) {
      var key = event.currentTarget.getAttribute("data-sort");
      state.dir = state.key === key ? -state.dir : key === "i" || key === "path" ? 1 : -1;
      state.key = key;
      render();
    });
  }
  window.addEventListener("hashchange", function () { go(location.hash); });
  render()
    .then(function () { return location.hash ? go(location.hash) : null; })
    .then(function () {
      root.setAttribute("data-ready", "1");
      root.setAttribute("data-ms", String(Math.round(performance.now())));
    });
})();
