/* Raqib dashboard: keyboard shortcuts, in-place updates, the live queue, Undo and conflicts.
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
  var body = document.body;
  var page = body.getAttribute("data-page");
  var queue = document.getElementById("queue");
  var detail = document.querySelector(".detail[data-id]");
  var rows = queue ? Array.prototype.slice.call(queue.querySelectorAll("li.row")) : [];
  var bulkForm = document.getElementById("bulk");
  var help = document.getElementById("help");
  var live = document.getElementById("live");
  var current = -1;
  var undoTimer = null;

  var KEYS = {
    KeyJ: "j", KeyK: "k", KeyA: "a", KeyR: "r", KeyD: "d", KeyX: "x", KeyO: "o",
  };

  function msg(name, n) {
    var holder = queue && queue.hasAttribute("data-msg-" + name) ? queue : body;
    var text = holder.getAttribute("data-msg-" + name) || "";
    return text.replace("{n}", String(n));
  }

  // -- feedback --------------------------------------------------------------------------
  function flashBox() {
    var main = document.getElementById("main");
    var box = main.querySelector(".flashes.js");
    if (!box) {
      box = document.createElement("div");
      box.className = "flashes js";
      box.setAttribute("role", "status");
      main.insertBefore(box, main.firstChild);
    }
    return box;
  }

  // A notice, optionally with buttons: [{label, id, onClick}].
  function announce(text, kind, buttons) {
    if (!text) return;
    if (live) live.textContent = text;
    if (undoTimer) { clearTimeout(undoTimer); undoTimer = null; }
    var p = document.createElement("p");
    p.className = "flash flash-" + (kind === true ? "error" : kind || "success");
    var span = document.createElement("span");
    span.textContent = text;
    p.appendChild(span);
    (buttons || []).forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "button small";
      if (b.id) btn.id = b.id;
      btn.textContent = b.label;
      btn.addEventListener("click", function () {
        p.remove();
        b.onClick();
      });
      p.appendChild(btn);
    });
    flashBox().replaceChildren(p);
    return p;
  }

  // -- requests --------------------------------------------------------------------------
  function post(url, data) {
    return fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    })
      .then(function (res) {
        return res.json().then(
          function (b) { return { ok: res.ok && b.ok, status: res.status, body: b }; },
          function () { return { ok: false, status: res.status, body: { message: res.status + " " + res.statusText } }; }
        );
      })
      .catch(function (err) { return { ok: false, status: 0, body: { message: String(err) } }; });
  }

  function send(form, action, extra) {
    var data = new FormData(form);
    if (action) data.set("action", action);
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return post(form.getAttribute("action"), data).then(function (out) {
      if (out.status === 409 && out.body.conflict) {
        conflict(form, data.get("action"), out.body);
        return false;
      }
      if (out.ok) {
        applyResults(out.body.results || [], true);
        (out.body.skipped || []).forEach(function (s) {
          if (s.why === "changed") markElsewhere(s.id, s.status, s.status_label, null);
        });
        offerUndo(out.body.message, out.body.undo);
        poll();
      } else {
        announce(out.body.message, true);
      }
      return out.ok;
    });
  }

  function conflict(form, action, answer) {
    var c = answer.conflict;
    markElsewhere(c.id, c.status, c.status_label, c.text);
    announce(answer.message, "conflict", [
      { label: body.getAttribute("data-msg-override"), id: "override", onClick: function () {
        send(form, action, { seen: c.seen });
      } },
      { label: body.getAttribute("data-msg-cancel"), onClick: function () {} },
    ]);
  }

  function offerUndo(text, undo) {
    if (!undo) { announce(text, "success"); return; }
    var notice = announce(text, "undo", [{ label: body.getAttribute("data-msg-undo"), id: "undo", onClick: function () {
      var data = new FormData();
      data.set("csrf_token", csrfToken);
      data.set("decisions", undo.decisions);
      post(undo.url, data).then(function (out) {
        announce(out.body.message, !out.ok);
        if (out.ok) applyResults(out.body.results || [], true);
        poll();
      });
    } }]);
    undoTimer = setTimeout(function () {
      var btn = notice && notice.querySelector("#undo");
      if (btn) btn.remove();
      undoTimer = null;
    }, (undo.seconds || 10) * 1000);
  }

  function rowOf(id) {
    return document.getElementById("c-" + id);
  }

  function setBadge(el, status, label) {
    el.querySelectorAll("[data-status]").forEach(function (badge) {
      if (badge.closest(".others")) return;
      badge.textContent = label;
      badge.className = "badge st-" + status;
    });
    el.className = el.className.replace(/\bst-\w+/, "st-" + status);
  }

  // Rows decided here: new status, dimmed, no longer selectable (nor decided twice by bulk).
  function applyResults(results, mine) {
    var tab = queue ? queue.getAttribute("data-status") : null;
    results.forEach(function (r) {
      var el = rowOf(r.id);
      if (!el) return;
      setBadge(el, r.status, r.status_label);
      el.setAttribute("data-shown", r.status);
      var seen = el.querySelector('input[name="seen"]');
      if (seen && mine) seen.value = r.status;
      el.classList.remove("elsewhere");
      var note = el.querySelector("[data-live-note]");
      if (note && mine) note.textContent = "";
      if (tab) {
        // Decided rows stay in place (dimmed) so that positions do not jump under the keys.
        var gone = tab !== "all" && r.status !== tab && !(tab === "reported" && r.status === "published");
        el.classList.toggle("decided", gone);
        lockRow(el, gone);
      }
    });
    updateSelection();
  }

  function lockRow(el, locked) {
    var box = el.querySelector('input[name="ids"]');
    if (!box) return;
    box.checked = false;
    box.disabled = locked;
    el.classList.remove("selected");
  }

  // A row decided by someone else (seen by polling, or a 409).
  function markElsewhere(id, status, label, text) {
    var el = rowOf(id);
    if (!el) return;
    setBadge(el, status, label);
    el.setAttribute("data-shown", status);
    el.classList.add("elsewhere");
    lockRow(el, true);
    var note = el.querySelector("[data-live-note]");
    if (note && text) note.textContent = text;
  }

  function rowForm(row) {
    return row.querySelector("form.js-decision");
  }

  function selectedBoxes() {
    return rows
      .map(function (r) { return r.querySelector('input[name="ids"]'); })
      .filter(function (b) { return b && b.checked && !b.disabled; });
  }

  function openDelete(scope) {
    var details = scope.querySelector("details.delete-group");
    if (details) details.open = true;
    var select = scope.querySelector('select[name="delete_code"]');
    if (select) select.focus();
  }

  function act(action) {
    if (page === "comment") {
      var form = document.querySelector("form.js-decision");
      if (!form) return;
      if (action === "delete") { openDelete(form); return; }
      send(form, action);
      return;
    }
    if (!rows.length) return;
    var chosen = selectedBoxes();
    if (chosen.length && bulkForm) {
      if (action === "delete") { openDelete(bulkForm); return; }
      if (action === "reject") {
        // The bulk menu starts on the reason of the first selected row.
        var first = rowOf(chosen[0].value);
        var from = first && first.querySelector('select[name="reason_code"]');
        var to = bulkForm.querySelector('select[name="reason_code"]');
        if (from && to && !bulkForm.dataset.reasonTouched) to.value = from.value;
      }
      send(bulkForm, action);
      return;
    }
    if (current < 0) return;
    var row = rows[current];
    if (action === "delete") { openDelete(row); return; }
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
    if (!link) return false;
    if (rel === "next") {
      var offset = parseInt(queue.getAttribute("data-offset"), 10) || 0;
      var decided = rows.filter(function (r) {
        return r.classList.contains("decided") || r.classList.contains("elsewhere");
      }).length;
      // Decided rows have left this tab: the next page starts that many rows earlier.
      url = new URL(link.href);
      url.searchParams.set("offset", String(offset + rows.length - decided));
      url.hash = "after-" + rows[rows.length - 1].getAttribute("data-id");
    } else {
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
    if (!box || box.disabled) return;
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
    var open = rows.filter(function (r) {
      var b = r.querySelector('input[name="ids"]');
      return b && !b.disabled;
    }).length;
    if (all) all.checked = n > 0 && n === open;
  }

  function open() {
    if (current < 0) return;
    var href = rows[current].getAttribute("data-href");
    if (href) window.location.assign(href);
  }

  // -- the live queue ----------------------------------------------------------------------
  var liveHost = queue || detail || document.getElementById("queue-empty");
  var liveUrl = liveHost ? liveHost.getAttribute("data-live") : null;
  var interval = liveHost ? (parseInt(liveHost.getAttribute("data-interval"), 10) || 10) * 1000 : 0;
  var polling = false;
  var pollTimer = null;

  function liveQuery() {
    var params = new URLSearchParams(window.location.search);
    params.delete("offset");
    if (queue || document.getElementById("queue-empty")) {
      var host = queue || document.getElementById("queue-empty");
      params.set("after", host.getAttribute("data-after") || "0");
      params.set("ids", rows.map(function (r) { return r.getAttribute("data-id"); }).join(","));
      if (current >= 0 && rows[current]) params.set("looking", rows[current].getAttribute("data-id"));
    } else if (detail) {
      params = new URLSearchParams();
      params.set("status", "all");
      params.set("after", "2147483647");
      params.set("ids", detail.getAttribute("data-id"));
      params.set("looking", detail.getAttribute("data-id"));
    }
    return liveUrl + "?" + params.toString();
  }

  function poll() {
    if (!liveUrl || polling) return;
    polling = true;
    fetch(liveQuery(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .catch(function () { return null; })
      .then(function (data) {
        polling = false;
        if (data && data.ok) applyLive(data);
      });
  }

  function applyLive(data) {
    Object.keys(data.counts || {}).forEach(function (tab) {
      document.querySelectorAll('[data-count="' + tab + '"]').forEach(function (el) {
        var value = String(data.counts[tab]);
        if (el.textContent !== value) {
          el.textContent = value;
          el.classList.add("changed");
        }
      });
    });
    var banner = document.getElementById("live-new");
    if (banner) {
      banner.hidden = !data["new"];
      var link = banner.querySelector("a");
      if (link && data["new"]) link.textContent = msg("new", data["new"]);
    }
    var hosts = rows.length ? rows : detail ? [detail] : [];
    hosts.forEach(function (el) {
      var info = (data.rows || {})[el.getAttribute("data-id")];
      if (!info) return;
      var note = el.querySelector("[data-live-note]") || document.querySelector("[data-live-note]");
      var shown = el.getAttribute("data-shown");
      if (info.status !== shown && !info.by_me) {
        markElsewhere(el.getAttribute("data-id"), info.status, info.status_label, info.decided);
      } else if (note && !el.classList.contains("elsewhere")) {
        note.textContent = info.viewers.length
          ? msg("looking").replace("{names}", info.viewers.join(", "))
          : "";
      }
    });
  }

  function schedule() {
    if (!liveUrl) return;
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = setInterval(function () {
      if (!document.hidden) poll();
    }, interval);
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
    if (e.key === "Escape") {
      document.querySelectorAll("details.delete-group[open]").forEach(function (d) { d.open = false; });
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
      send(form, action).then(function (ok) {
        var details = form.querySelector("details.delete-group");
        if (ok && details) details.open = false;
      });
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
          if (box && !box.disabled) box.checked = all.checked;
        });
        updateSelection();
      });
    }
  }

  rows.forEach(function (row, i) {
    row.setAttribute("tabindex", "-1");
    row.addEventListener("click", function (e) {
      if (e.target.closest("a, button, select, input, label, summary, details")) {
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
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  schedule();
  if (detail) poll();
})();
