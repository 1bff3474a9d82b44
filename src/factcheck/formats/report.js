(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("factcheck-data").textContent);
  var byId = {};
  data.claims.forEach(function (c) { byId[c.id] = c; });
  var panel = document.getElementById("detail");
  var body = document.getElementById("detail-body");
  var closeButton = document.getElementById("close");
  var form = document.getElementById("filters");
  var toggles = document.getElementById("highlight");
  var pinned = null;
  var opener = null;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s]/i.test(u) ? u : null;
  }
  function spans() { return document.querySelectorAll("[data-article] .claim"); }
  function spanOf(target) {
    var s = target && target.closest ? target.closest(".claim") : null;
    return s && s.closest("[data-article]") && !s.classList.contains("off") ? s : null;
  }
  function spansOf(id) {
    return Array.prototype.filter.call(spans(), function (s) { return s.dataset.id === id; });
  }
  function verdictLine(c) {
    var v = c.verdict;
    var p = el("p", "verdict-line");
    var words = el("span", "verdict tone-" + v.tone);
    var mark = el("span", "mark", v.mark);
    mark.setAttribute("aria-hidden", "true");
    words.appendChild(mark);
    words.appendChild(document.createTextNode(" " + v.label));
    p.appendChild(words);
    var extra = [];
    if (v.value !== null) { extra.push(v.value + "/5"); }
    if (v.qualifier) { extra.push(v.qualifier); }
    extra.push(c.kind);
    p.appendChild(el("span", "muted", " " + extra.join(" · ")));
    return p;
  }
  function show(id) {
    var c = byId[id];
    if (!c) { return; }
    body.textContent = "";
    body.dataset.claim = id;
    var h = el("h3", "claim-heading", c.heading);
    body.appendChild(h);
    var anchor = el("a", "cid", "#" + c.id);
    anchor.href = "#claim-" + encodeURIComponent(c.id);
    body.appendChild(anchor);
    body.appendChild(verdictLine(c));
    if (c.note) { body.appendChild(el("p", "note", c.note)); }
    if (c.searched) { body.appendChild(el("p", "note searched", "What was searched: " + c.searched)); }
    body.appendChild(el("blockquote", "quote", c.quote));
    var dl = el("dl");
    function row(k, v) {
      if (v === null || v === undefined || v === "") { return; }
      dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v));
    }
    row("speaker", c.speaker);
    row("section", c.section);
    row("tags", c.tags.join(", "));
    body.appendChild(dl);
    body.appendChild(el("h4", null, c.evidence.length ? "Evidence" : "No source cited"));
    var ol = el("ol", "evidence");
    c.evidence.forEach(function (ev) {
      var li = el("li", "ev-item");
      li.appendChild(el("span", "stance sn-" + ev.stance, ev.stance));
      li.appendChild(document.createTextNode(" "));
      var url = safeUrl(ev.url);
      var label = ev.title || ev.source;
      if (url) {
        var a = el("a", "source-link", label);
        a.href = url; a.rel = "noopener noreferrer";
        li.appendChild(a);
      } else {
        li.appendChild(el("span", "source-name", label));
      }
      var meta = [ev.publisher, ev.issued, ev.locator].filter(Boolean).join(" · ");
      if (meta) { li.appendChild(el("div", "muted", meta)); }
      li.appendChild(el("div", "says", ev.says));
      ol.appendChild(li);
    });
    body.appendChild(ol);
    if (c.overlaps.length) {
      var p = el("p", "muted", "Overlaps: ");
      c.overlaps.forEach(function (o) {
        var b = el("button", "linkbtn", byId[o] ? byId[o].heading : o); b.type = "button";
        b.addEventListener("click", function () { select(o, true); });
        p.appendChild(b); p.appendChild(document.createTextNode(" "));
      });
      body.appendChild(p);
    }
    panel.hidden = false;
    panel.classList.remove("empty");
  }
  function unselect() {
    each(document.querySelectorAll(".claim.selected"),
      function (s) { s.classList.remove("selected"); });
  }
  function select(id, pin) {
    unselect();
    spansOf(id).forEach(function (s) { s.classList.add("selected"); });
    if (pin) { pinned = id; }
    show(id);
  }
  // Closing clears the selection (no outline stays behind); a keyboard user is taken back to
  // the passage they opened, a mouse user is left where they are.
  function close(byKeyboard) {
    panel.hidden = true; pinned = null;
    unselect();
    if (byKeyboard && opener && document.body.contains(opener)) {
      opener.focus({ preventScroll: true });
    }
    opener = null;
  }
  document.addEventListener("click", function (e) {
    var s = spanOf(e.target);
    if (s) { opener = s.closest("[data-head]") || s; select(s.dataset.id, true); }
  });
  document.addEventListener("keydown", function (e) {
    var s = spanOf(e.target);
    if (s && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault(); opener = s; select(s.dataset.id, true);
    } else if (e.key === "Escape" && !panel.hidden) {
      close(true);
    }
  });
  document.addEventListener("mouseover", function (e) {
    var s = spanOf(e.target);
    if (s) { show(s.dataset.id); }
  });
  document.getElementById("article").addEventListener("mouseleave", function () {
    if (pinned) { show(pinned); }
  });
  closeButton.addEventListener("click", function (e) { close(e.detail === 0); });

  // #q-ID (scrolls to the claim) and #show=ID (stays put) open the page on that claim; links
  // from "What we found" and the table lead there too.
  function fromHash() {
    var wanted = /^#(?:q-|show=)(.+)$/.exec(window.location.hash);
    var id = wanted ? decodeURIComponent(wanted[1]) : null;
    if (id && byId[id]) {
      var c = byId[id];
      if (toggles.elements.group) {
        each(toggles.elements.group, function (b) { if (b.value === c.group) { b.checked = true; } });
        applyHighlight();
      }
      select(id, true);
    }
  }
  window.addEventListener("hashchange", fromHash);

  function checked(f, name) {
    return Array.prototype.filter.call(f.elements[name], function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function applyHighlight() {
    var on = checked(toggles, "group");
    each(spans(), function (s) {
      var lit = on.indexOf(s.dataset.group) >= 0;
      s.classList.toggle("off", !lit);
      if (s.hasAttribute("data-head")) {
        s.tabIndex = lit ? 0 : -1;
        if (lit) { s.setAttribute("role", "button"); } else { s.removeAttribute("role"); }
      }
    });
  }
  function applyFilters() {
    var gr = checked(form, "group"), kd = checked(form, "kind"), shown = 0, rows = 0;
    each(document.querySelectorAll("#claim-table tbody tr"), function (tr) {
      var on = gr.indexOf(tr.dataset.group) >= 0 && kd.indexOf(tr.dataset.kind) >= 0;
      tr.hidden = !on; rows += 1; if (on) { shown += 1; }
    });
    document.getElementById("shown").textContent = "showing " + shown + " of " + rows;
  }
  toggles.addEventListener("change", applyHighlight);
  form.addEventListener("change", applyFilters);
  applyHighlight();
  applyFilters();
  fromHash();
  window.addEventListener("beforeprint", function () {
    each(form.elements, function (b) { b.checked = true; });
    applyFilters();
  });

  // Opened as report.html#selftest: act as a user would and write what the page showed.
  function visibleRows() {
    return Array.prototype.filter.call(document.querySelectorAll("#claim-table tbody tr"),
      function (tr) { return !tr.hidden && tr.offsetParent !== null; })
      .map(function (tr) { return tr.dataset.id; });
  }
  function setBoxes(f, name, values) {
    each(f.elements[name], function (b) { b.checked = values === null || values.indexOf(b.value) >= 0; });
    f.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function lit() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-article] .claim[data-head]"),
      function (s) { return !s.classList.contains("off"); }).map(function (s) { return s.dataset.id; });
  }
  function selftest() {
    var out = {
      viewport: window.innerWidth,
      scroll_width: document.documentElement.scrollWidth,
      panel_position: window.getComputedStyle(panel).position,
      h1: document.querySelectorAll("h1").length,
      found: Array.prototype.map.call(document.querySelectorAll("#found li.finding"),
        function (li) { return li.id.replace(/^found-/, ""); }),
      found_first_top: (function () {
        var f = document.getElementById("found");
        return f ? Math.round(f.getBoundingClientRect().top) : null;
      })()
    };
    var all = spans();
    var heads = document.querySelectorAll("[data-article] .claim[data-head]");
    out.fragments = all.length;
    out.heads = Array.prototype.map.call(heads, function (s) { return s.dataset.id; });
    out.distinct = Object.keys(Array.prototype.reduce.call(all, function (m, s) {
      m[s.dataset.id] = 1; return m; }, {})).length;
    out.lit_default = lit();
    setBoxes(toggles, "group", null);
    out.lit_all = lit();
    out.clicks = Array.prototype.map.call(heads, function (s) {
      s.click();
      var items = body.querySelectorAll("ol.evidence li");
      return {
        id: s.dataset.id,
        shown: body.dataset.claim,
        heading: body.querySelector("h3").textContent,
        verdict: body.querySelector(".verdict-line").textContent,
        note: (body.querySelector("p.note:not(.searched)") || { textContent: null }).textContent,
        searched: (body.querySelector("p.searched") || { textContent: null }).textContent,
        visible: !panel.hidden && panel.getBoundingClientRect().height > 0,
        says: Array.prototype.map.call(items, function (li) {
          return li.querySelector(".says").textContent; }),
        links: Array.prototype.map.call(body.querySelectorAll("a.source-link"),
          function (a) { return a.getAttribute("href"); }),
        selected: document.querySelectorAll(".claim.selected").length
      };
    });
    var last = heads[heads.length - 1];
    closeButton.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 1 }));
    out.closed = panel.hidden;
    out.selected_after_close = document.querySelectorAll(".claim.selected").length;
    out.outline_after_close = last ? window.getComputedStyle(last).outlineStyle : null;
    if (last) {
      last.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      out.hover = body.dataset.claim;
    }
    setBoxes(toggles, "group", ["attention"]);
    out.rows_all = visibleRows();
    setBoxes(form, "group", ["attention"]);
    out.rows_attention = visibleRows();
    setBoxes(form, "group", null);
    setBoxes(form, "kind", ["opinion", "prediction"]);
    out.rows_opinion_kinds = visibleRows();
    setBoxes(form, "kind", null);
    out.rows_reset = visibleRows().length;
    out.shown_text = document.getElementById("shown").textContent;
    var pre = el("pre", null, JSON.stringify(out));
    pre.id = "selftest-result";
    document.body.appendChild(pre);
  }
  if (window.location.hash === "#selftest") { selftest(); }
})();
