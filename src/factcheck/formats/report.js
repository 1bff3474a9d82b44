(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("factcheck-data").textContent);
  var byId = {};
  data.claims.forEach(function (c) { byId[c.id] = c; });
  var panel = document.getElementById("detail");
  var body = document.getElementById("detail-body");
  var article = document.getElementById("article");
  var form = document.getElementById("filters");
  var pinned = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return typeof u === "string" && /^https?:\/\/[^\s]/i.test(u) ? u : null;
  }
  function spansOf(id) {
    return Array.prototype.filter.call(
      article.querySelectorAll(".claim"), function (s) { return s.dataset.id === id; });
  }
  function show(id) {
    var c = byId[id];
    if (!c) { return; }
    body.textContent = "";
    body.dataset.claim = id;
    body.appendChild(el("h3", null, c.id));
    var head = el("p", "verdict");
    head.appendChild(el("span", "badge st-" + c.status, c.status));
    if (c.rating) {
      var value = c.rating_value ? " (" + c.rating_value + "/5)" : "";
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "rating", "rated " + c.rating + value));
    }
    head.appendChild(el("span", "muted", " · " + c.kind));
    body.appendChild(head);
    if (c.note) { body.appendChild(el("p", "note", c.note)); }
    body.appendChild(el("blockquote", "quote", c.quote));
    var dl = el("dl");
    function row(k, v) {
      if (v === null || v === undefined || v === "") { return; }
      dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v));
    }
    row("claim", c.claim);
    row("speaker", c.speaker);
    row("section", c.section);
    row("tags", c.tags.join(", "));
    body.appendChild(dl);
    var h = el("h4", null, c.evidence.length ? "Evidence" : "No evidence");
    body.appendChild(h);
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
        var b = el("button", "linkbtn", o); b.type = "button";
        b.addEventListener("click", function () { select(o, true); });
        p.appendChild(b); p.appendChild(document.createTextNode(" "));
      });
      body.appendChild(p);
    }
    var more = el("a", null, "in the table");
    more.href = "#claim-" + encodeURIComponent(id);
    body.appendChild(more);
    panel.hidden = false;
    panel.classList.remove("empty");
  }
  function select(id, pin) {
    Array.prototype.forEach.call(article.querySelectorAll(".claim.selected"),
      function (s) { s.classList.remove("selected"); });
    spansOf(id).forEach(function (s) { s.classList.add("selected"); });
    if (pin) { pinned = id; }
    show(id);
  }
  article.addEventListener("click", function (e) {
    var s = e.target.closest(".claim");
    if (s && !s.classList.contains("off")) { select(s.dataset.id, true); }
  });
  article.addEventListener("keydown", function (e) {
    var s = e.target.closest(".claim");
    if (s && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault(); select(s.dataset.id, true);
    }
  });
  article.addEventListener("mouseover", function (e) {
    var s = e.target.closest(".claim");
    if (s && !s.classList.contains("off")) { show(s.dataset.id); }
  });
  article.addEventListener("mouseleave", function () {
    if (pinned) { show(pinned); }
  });
  document.getElementById("close").addEventListener("click", function () {
    panel.hidden = true; pinned = null;
  });
  document.getElementById("claim-table").addEventListener("click", function (e) {
    var a = e.target.closest("a.goto");
    if (a) { select(a.closest("tr").dataset.id, true); }
  });

  // #q-ID (scrolls to the claim) and #show=ID (stays put) open the page on that claim.
  var wanted = /^#(?:q-|show=)(.+)$/.exec(window.location.hash);
  if (wanted && byId[decodeURIComponent(wanted[1])]) {
    select(decodeURIComponent(wanted[1]), true);
  }

  function checked(name) {
    return Array.prototype.filter.call(form.elements[name], function (b) { return b.checked; })
      .map(function (b) { return b.value; });
  }
  function applyFilters() {
    var st = checked("status"), kd = checked("kind"), shown = 0, rows = 0;
    Array.prototype.forEach.call(document.querySelectorAll("#claim-table tbody tr"), function (tr) {
      var on = st.indexOf(tr.dataset.status) >= 0 && kd.indexOf(tr.dataset.kind) >= 0;
      tr.hidden = !on; rows += 1; if (on) { shown += 1; }
    });
    Array.prototype.forEach.call(article.querySelectorAll(".claim"), function (s) {
      var on = st.indexOf(s.dataset.status) >= 0 && kd.indexOf(s.dataset.kind) >= 0;
      s.classList.toggle("off", !on);
    });
    document.getElementById("shown").textContent = "showing " + shown + " of " + rows;
  }
  form.addEventListener("change", applyFilters);
  applyFilters();
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(form.elements, function (b) { b.checked = true; });
    applyFilters();
  });

  // Opened as report.html#selftest: act as a user would and write what the page showed.
  function visibleRows() {
    return Array.prototype.filter.call(document.querySelectorAll("#claim-table tbody tr"),
      function (tr) { return !tr.hidden && tr.offsetParent !== null; })
      .map(function (tr) { return tr.dataset.id; });
  }
  function setBoxes(name, values) {
    Array.prototype.forEach.call(form.elements[name], function (b) {
      b.checked = values === null || values.indexOf(b.value) >= 0;
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function selftest() {
    var out = {
      viewport: window.innerWidth,
      scroll_width: document.documentElement.scrollWidth,
      panel_position: window.getComputedStyle(panel).position
    };
    var all = article.querySelectorAll(".claim");
    var heads = article.querySelectorAll(".claim[data-head]");
    out.fragments = all.length;
    out.heads = Array.prototype.map.call(heads, function (s) { return s.dataset.id; });
    out.distinct = Object.keys(Array.prototype.reduce.call(all, function (m, s) {
      m[s.dataset.id] = 1; return m; }, {})).length;
    out.clicks = Array.prototype.map.call(heads, function (s) {
      s.click();
      var items = body.querySelectorAll("ol.evidence li");
      return {
        id: s.dataset.id,
        shown: body.dataset.claim,
        verdict: body.querySelector(".verdict").textContent,
        note: (body.querySelector("p.note") || { textContent: null }).textContent,
        visible: !panel.hidden && panel.getBoundingClientRect().height > 0,
        says: Array.prototype.map.call(items, function (li) {
          return li.querySelector(".says").textContent; }),
        links: Array.prototype.map.call(body.querySelectorAll("a.source-link"),
          function (a) { return a.getAttribute("href"); }),
        selected: article.querySelectorAll(".claim.selected").length
      };
    });
    document.getElementById("close").click();
    out.closed = panel.hidden;
    if (heads.length) {
      heads[heads.length - 1].dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      out.hover = body.dataset.claim;
    }
    out.rows_all = visibleRows();
    setBoxes("status", ["disputed"]);
    out.rows_disputed = visibleRows();
    out.spans_on_disputed = article.querySelectorAll(".claim[data-head]:not(.off)").length;
    setBoxes("status", null);
    setBoxes("kind", ["opinion", "prediction"]);
    out.rows_opinion_kinds = visibleRows();
    setBoxes("kind", null);
    out.rows_reset = visibleRows().length;
    out.shown_text = document.getElementById("shown").textContent;
    var pre = el("pre", null, JSON.stringify(out));
    pre.id = "selftest-result";
    document.body.appendChild(pre);
  }
  if (window.location.hash === "#selftest") { selftest(); }
})();
