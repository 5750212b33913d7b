/* Raqib dashboard: keyboard shortcuts and in-place updates.
 *
 * Everything here is an enhancement: every action is a plain form that also works without
 * JavaScript. Requests carry the page's CSRF token in the X-CSRFToken header and ask for JSON;
 * rows are then updated where they are, without reloading the page.
 * Shortcuts read event.code (the key's position), so they work with an Arabic layout too.
 */
(function () {
  "use strict";

  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var page = document.body.getAttribute("data-page");
  var queue = document.getElementById("queue");
  var rows = queue ? Array.prototype.slice.call(queue.querySelectorAll("li.row")) : [];
  var bulkForm = document.getElementById("bulk");
  var help = document.getElementById("help");
  var live = document.getElementById("live");
  var current = -1;

  var KEYS = {
    KeyJ: "j", KeyK: "k", KeyA: "a", KeyR: "r", KeyD: "d", KeyX: "x", KeyO: "o",
  };

  function msg(name, n) {
    var holder = queue || document.body;
    var text = holder.getAttribute("data-msg-" + name) || "";
    return text.replace("{n}", String(n));
  }

  // -- feedback --------------------------------------------------------------------------
  function announce(text, isError) {
    if (!text) return;
    if (live) live.textContent = text;
    var main = document.getElementById("main");
    var box = main.querySelector(".flashes.js");
    if (!box) {
      box = document.createElement("div");
      box.className = "flashes js";
      main.insertBefore(box, main.firstChild);
    }
    var p = document.createElement("p");
    p.className = "flash " + (isError ? "flash-error" : "flash-success");
    p.textContent = text;
    box.replaceChildren(p);
  }

  // -- requests --------------------------------------------------------------------------
  function send(form, action) {
    var data = new FormData(form);
    if (action) data.set("action", action);
    return fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    })
      .then(function (res) {
        return res.json().then(
          function (body) { return { ok: res.ok && body.ok, body: body }; },
          function () { return { ok: false, body: { message: res.status + " " + res.statusText } }; }
        );
      })
      .catch(function (err) { return { ok: false, body: { message: String(err) } }; })
      .then(function (out) {
        announce(out.body.message, !out.ok);
        if (out.ok) applyResults(out.body.results || []);
        return out.ok;
      });
  }

  function applyResults(results) {
    var tab = queue ? queue.getAttribute("data-status") : null;
    results.forEach(function (r) {
      var el = document.getElementById("c-" + r.id);
      if (!el) return;
      el.querySelectorAll("[data-status]").forEach(function (badge) {
        badge.textContent = r.status_label;
        badge.className = "badge st-" + r.status;
      });
      el.className = el.className.replace(/\bst-\w+/, "st-" + r.status);
      if (tab) {
        // Decided rows stay in place (dimmed) so that positions do not jump under the keys.
        el.classList.toggle("decided", r.status !== tab);
        var box = el.querySelector('input[name="ids"]');
        if (box) box.checked = false;
        el.classList.remove("selected");
      }
    });
    updateSelection();
  }

  function rowForm(row) {
    return row.querySelector("form.js-decision");
  }

  function selectedBoxes() {
    return rows
      .map(function (r) { return r.querySelector('input[name="ids"]'); })
      .filter(function (b) { return b && b.checked; });
  }

  function act(action) {
    if (page === "comment") {
      var form = document.querySelector("form.js-decision");
      if (form) send(form, action);
      return;
    }
    if (!rows.length) return;
    var chosen = selectedBoxes();
    if (chosen.length && bulkForm) {
      if (action === "reject") {
        // The bulk menu starts on the reason of the first selected row.
        var first = document.getElementById("c-" + chosen[0].value);
        var from = first && first.querySelector('select[name="reason_code"]');
        var to = bulkForm.querySelector('select[name="reason_code"]');
        if (from && to && !bulkForm.dataset.reasonTouched) to.value = from.value;
      }
      send(bulkForm, action);
      return;
    }
    if (current < 0) return;
    var row = rows[current];
    send(rowForm(row), action).then(function (ok) {
      if (ok && rows[current] === row) move(1, true);
    });
  }

  // -- current row and selection ------------------------------------------------------------
  function setCurrent(i, focus) {
    if (!rows.length) return;
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (current >= 0 && rows[current]) rows[current].classList.remove("current");
    current = i;
    var row = rows[current];
    row.classList.add("current");
    if (focus !== false) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step, stayOnPage) {
    if (!rows.length) return;
    var next = current + step;
    if (next >= rows.length) {
      if (!stayOnPage && !gotoPage("next")) announce(msg("end"), false);
      return;
    }
    if (next < 0) {
      if (!stayOnPage) gotoPage("prev");
      return;
    }
    setCurrent(next);
  }

  function gotoPage(rel) {
    var link = document.querySelector('.pager a[rel="' + rel + '"]');
    var url;
    if (rel === "next") {
      var offset = parseInt(queue.getAttribute("data-offset"), 10) || 0;
      var decided = rows.filter(function (r) { return r.classList.contains("decided"); }).length;
      if (!link) return false;
      // Decided rows have left this tab: the next page starts that many rows earlier.
      url = new URL(link.href);
      url.searchParams.set("offset", String(offset + rows.length - decided));
      url.hash = "after-" + rows[rows.length - 1].getAttribute("data-id");
    } else {
      if (!link) return false;
      // Pages may overlap (decided rows shift them): land on the row before this page's first.
      url = new URL(link.href);
      url.hash = "before-" + rows[0].getAttribute("data-id");
    }
    window.location.assign(url.toString());
    return true;
  }

  function toggleSelect() {
    if (current < 0) return;
    var box = rows[current].querySelector('input[name="ids"]');
    if (!box) return;
    box.checked = !box.checked;
    updateSelection();
  }

  function updateSelection() {
    rows.forEach(function (r) {
      var box = r.querySelector('input[name="ids"]');
      r.classList.toggle("selected", !!(box && box.checked));
    });
    var counter = document.getElementById("selected-count");
    var n = selectedBoxes().length;
    if (counter) counter.textContent = n ? msg("selected", n) : "";
    var all = document.getElementById("select-all");
    if (all) all.checked = n > 0 && n === rows.length;
  }

  function open() {
    if (current < 0) return;
    var href = rows[current].getAttribute("data-href");
    if (href) window.location.assign(href);
  }

  // -- help --------------------------------------------------------------------------------
  function toggleHelp(show) {
    if (!help) return;
    var visible = show === undefined ? help.hidden : show;
    help.hidden = !visible;
    if (visible) {
      var close = document.getElementById("help-close");
      if (close) close.focus();
    } else if (current >= 0) {
      setCurrent(current);
    }
  }

  // -- wiring --------------------------------------------------------------------------------
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || el.isContentEditable;
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var isHelpKey = e.key === "?" || e.key === "؟" || (e.code === "Slash" && e.shiftKey);
    if (help && !help.hidden) {
      if (e.key === "Escape" || isHelpKey) {
        e.preventDefault();
        toggleHelp(false);
      }
      return;
    }
    if (typing(e.target)) return;
    if (isHelpKey) {
      e.preventDefault();
      toggleHelp(true);
      return;
    }
    var key = KEYS[e.code] || null;
    if (!key && e.key === "Enter" && (e.target === document.body || (e.target.classList && e.target.classList.contains("row")))) {
      key = "o";
    }
    if (!key) return;
    if (page !== "queue" && page !== "comment") return;
    if (page === "comment" && "ard".indexOf(key) < 0) return;
    e.preventDefault();
    switch (key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "x": toggleSelect(); break;
      case "o": open(); break;
      case "a": act("approve"); break;
      case "r": act("reject"); break;
      case "d": act("delete"); break;
      default: break;
    }
  });

  document.querySelectorAll("form.js-decision").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var action = e.submitter && e.submitter.name === "action" ? e.submitter.value : null;
      var row = form.closest("li.row");
      if (row) setCurrent(rows.indexOf(row), false);
      send(form, action);
    });
  });

  if (bulkForm) {
    bulkForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var action = e.submitter && e.submitter.name === "action" ? e.submitter.value : null;
      if (!selectedBoxes().length) {
        announce(msg("none"), true);
        return;
      }
      send(bulkForm, action);
    });
    var reason = bulkForm.querySelector('select[name="reason_code"]');
    if (reason) reason.addEventListener("change", function () { bulkForm.dataset.reasonTouched = "1"; });
    var all = document.getElementById("select-all");
    if (all) {
      all.closest("label").hidden = false;
      all.addEventListener("change", function () {
        rows.forEach(function (r) {
          var box = r.querySelector('input[name="ids"]');
          if (box) box.checked = all.checked;
        });
        updateSelection();
      });
    }
  }

  rows.forEach(function (row, i) {
    row.setAttribute("tabindex", "-1");
    row.addEventListener("click", function (e) {
      if (e.target.closest("a, button, select, input, label")) {
        if (e.target.matches('input[name="ids"]')) updateSelection();
        return;
      }
      setCurrent(i, false);
    });
    var box = row.querySelector('input[name="ids"]');
    if (box) box.addEventListener("change", updateSelection);
  });

  var closeHelp = document.getElementById("help-close");
  if (closeHelp) closeHelp.addEventListener("click", function () { toggleHelp(false); });
  if (help) help.addEventListener("click", function (e) { if (e.target === help) toggleHelp(false); });

  function startRow(hash) {
    var m = /^#(after|before)-(\d+)$/.exec(hash);
    if (!m) return 0;
    var at = rows.findIndex(function (r) { return r.getAttribute("data-id") === m[2]; });
    if (m[1] === "after") return at < 0 ? 0 : Math.min(at + 1, rows.length - 1);
    return at < 0 ? rows.length - 1 : Math.max(at - 1, 0);
  }

  if (rows.length) {
    setCurrent(startRow(window.location.hash), window.location.hash !== "");
    updateSelection();
  }
})();
