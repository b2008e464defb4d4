/* Progressive enhancement of the application form (the form works without it).
 *
 * - adds table rows (team, budget) from <template> elements;
 * - shows each budget line's amount and the totals, computed in whole cents (never floats);
 * - counts characters of fields limited to N 字;
 * - autosaves: POSTs the form every 20 s when something changed and when the tab is hidden;
 * - keeps what was typed in localStorage until the server confirms it, so an expired session or a
 *   lost connection loses nothing: after signing in again the text is restored and saved.
 *   The copy records the revision and save time it was based on and its own change time (on the
 *   server's clock); it is dropped once the server confirms a save of it, and only offered back
 *   when it differs from the page and is newer than the server's last save.
 */
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  if (!form || !window.fetch) return;
  var statusEl = document.getElementById("autosave-status");
  var key = form.dataset.storageKey;
  var url = form.dataset.autosaveUrl;
  var loginUrl = form.dataset.loginUrl;
  var revisionInput = form.querySelector("input[name=revision]");
  // Times in ms on the server's clock, so a wrong clock in the browser cannot misorder them.
  var savedAt = parseFloat(form.dataset.savedAt || "0") * 1000;
  // Measured from the start of the navigation, before the server rendered the page: any error
  // makes local changes look newer, never older, than they are (so a real copy is offered).
  var clockOffset = parseFloat(form.dataset.serverNow || "0") * 1000 -
    (window.performance && performance.timeOrigin ? performance.timeOrigin : Date.now());
  function serverClock() { return Date.now() + clockOffset; }
  var dirty = false, saving = false, paused = false;
  var INTERVAL = 20000;

  function say(text, isError) {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("autosave-status--error", !!isError);
  }

  // --- rows ---------------------------------------------------------------------------------
  function addRow(prefix) {
    var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var tpl = document.getElementById(prefix + "-empty-row");
    var body = document.getElementById(prefix + "-rows");
    if (!total || !tpl || !body) return;
    var index = parseInt(total.value, 10);
    var html = tpl.innerHTML.replace(/__prefix__/g, String(index)).replace(/__row__/g, String(index + 1));
    body.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  }
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { addRow(button.dataset.addRow); changed(); });
  });

  // --- money in cents -----------------------------------------------------------------------
  function toHundredths(text) {  // "12.3" -> 1230n ; invalid -> null
    var m = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text || "");
    if (!m) return null;
    return BigInt(m[1]) * 100n + BigInt(((m[2] || "") + "00").slice(0, 2));
  }
  function formatCents(c) {
    var neg = c < 0n; if (neg) c = -c;
    var s = (c / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "-" : "") + s + "." + (c % 100n).toString().padStart(2, "0");
  }
  function updateBudget() {
    var totals = { requested: 0n, own: 0n, other: 0n };
    document.querySelectorAll("#budget-rows tr").forEach(function (row) {
      var price = row.querySelector("input[name$=-unit_price]");
      var qty = row.querySelector("input[name$=-quantity]");
      var source = row.querySelector("select[name$=-funding_source]");
      var del = row.querySelector("input[name$=-DELETE]");
      var out = row.querySelector("[data-amount]");
      if (!price || !qty || !out) return;
      var p = toHundredths(price.value), q = toHundredths(qty.value);
      if (p === null || q === null) { out.textContent = "—"; return; }
      var product = p * q;  // in 1/10000 yuan
      if (product % 100n !== 0n) { out.textContent = "—"; return; }
      var cents = product / 100n;
      out.textContent = formatCents(cents);
      if (!(del && del.checked) && source && totals[source.value] !== undefined) totals[source.value] += cents;
    });
    var all = totals.requested + totals.own + totals.other;
    var set = function (name, value) {
      var el = document.querySelector("[data-total=" + name + "]");
      if (el) el.textContent = formatCents(value);
    };
    set("requested", totals.requested); set("own", totals.own); set("other", totals.other); set("total", all);
  }

  // --- character counts ---------------------------------------------------------------------
  function updateCount(field) {
    var max = parseInt(field.dataset.maxChars, 10);
    var out = document.getElementById(field.id + "_count");
    if (!out) return;
    var n = Array.from(field.value).length;
    out.textContent = n + " / " + max;
    out.classList.toggle("char-count--over", n > max);
  }
  form.querySelectorAll("[data-max-chars]").forEach(function (field) {
    var out = document.createElement("div");
    out.id = field.id + "_count";
    out.className = "char-count";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    updateCount(field);
    field.addEventListener("input", function () { updateCount(field); });
  });

  // --- local copy ---------------------------------------------------------------------------
  function snapshot() {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.type === "button") return;
      if (el.name === "csrfmiddlewaretoken" || el.name === "revision") return;
      if (el.type === "checkbox" || el.type === "radio") fields.push([el.name, el.value, el.checked]);
      else if (el.multiple) fields.push([el.name, Array.from(el.selectedOptions).map(function (o) { return o.value; })]);
      else fields.push([el.name, el.value]);
    });
    return fields;
  }
  function store(extra) {
    try {
      var record = { revision: revisionInput.value, basedOn: savedAt, at: serverClock(), fields: snapshot() };
      Object.assign(record, extra || {});
      localStorage.setItem(key, JSON.stringify(record));
    } catch (e) { /* storage full or disabled: autosave still works */ }
  }
  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }
  function restore(record) {
    record.fields.forEach(function (f) {
      if (/-TOTAL_FORMS$/.test(f[0])) {
        var prefix = f[0].replace(/-TOTAL_FORMS$/, "");
        var total = form.querySelector("input[name=" + f[0] + "]");
        while (total && parseInt(total.value, 10) < parseInt(f[1], 10)) addRow(prefix);
      }
    });
    record.fields.forEach(function (f) {
      var els = form.querySelectorAll("[name='" + f[0].replace(/'/g, "\\'") + "']");
      els.forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") { if (el.value === f[1]) el.checked = f[2]; }
        else if (el.multiple) Array.from(el.options).forEach(function (o) { o.selected = f[1].indexOf(o.value) >= 0; });
        else if (!/-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(f[0])) el.value = f[1];
      });
    });
    form.querySelectorAll("[data-max-chars]").forEach(updateCount);
    updateBudget();
  }
  function offerRestore(record) {
    var box = document.getElementById("local-copy");
    if (!box) return;
    box.hidden = false;
    box.querySelector("[data-restore]").addEventListener("click", function () {
      restore(record); box.hidden = true; changed();
      say(form.dataset.msgRestored);
    });
    box.querySelector("[data-discard]").addEventListener("click", function () { forget(); box.hidden = true; });
  }
  (function checkLocalCopy() {
    var record = null;
    try { record = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { record = null; }
    if (!record) return;
    // Nothing the server lacks: the page already shows exactly this.
    if (!record.dirty || JSON.stringify(record.fields) === JSON.stringify(snapshot())) { forget(); return; }
    if (record.submitting && String(record.revision) !== revisionInput.value) { forget(); return; }
    if (String(record.revision) === revisionInput.value) {
      restore(record); dirty = true; say(form.dataset.msgRestored);
      setTimeout(save, 500);
    } else if ((typeof record.at === "number" ? record.at : Date.parse(record.at)) > savedAt) {
      offerRestore(record);
    }
    // Otherwise a later save (e.g. the one sent as the page was left) superseded the copy; it is
    // kept untouched until the next change here replaces it, never silently deleted.
  })();

  // --- autosave -----------------------------------------------------------------------------
  function changed() { dirty = true; store({ dirty: true }); updateBudget(); }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { store({ dirty: true, submitting: true }); });

  function showErrors(errors) {
    var names = Object.keys(errors || {});
    if (!names.length) return "";
    return " " + form.dataset.msgNotSaved + " " + names.map(function (n) { return errors[n].join("；"); }).join("；");
  }
  var pending = null;
  function save(keepalive) {
    if (saving) return pending;
    if (!dirty || paused) return Promise.resolve();
    saving = true;
    var body = new FormData(form);
    Array.from(body.keys()).forEach(function (k) { if (body.get(k) instanceof File) body.delete(k); });
    body.delete("then");
    dirty = false;
    pending = fetch(url, {
      method: "POST", body: body, credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) { return [response.status, data]; });
    }).then(function (result) {
      var status = result[0], data = result[1];
      if (status === 200 && data.saved) {
        revisionInput.value = String(data.revision);
        if (data.updated_at) savedAt = data.updated_at * 1000;
        if (!dirty) forget();  // the server holds everything typed so far
        else store({ dirty: true });  // typed during the save: rebase the copy on the new revision
        say(form.dataset.msgSaved.replace("%s", data.saved_at) + showErrors(data.errors), !!Object.keys(data.errors || {}).length);
        return;
      }
      dirty = true;
      if (status === 401) {
        paused = true;
        say((data.error || "") + " ", true);
        if (statusEl && loginUrl) {
          var a = document.createElement("a");
          a.href = loginUrl; a.textContent = form.dataset.msgLogin;
          statusEl.appendChild(a);
        }
      } else if (status === 409 || status === 403) {
        paused = true; say(data.error || "", true);
      } else {
        say(form.dataset.msgOffline, true);
      }
    }).catch(function () {
      dirty = true; say(form.dataset.msgOffline, true);
    }).then(function () { saving = false; });
    return pending;
  }
  // Attachment upload/delete forms reload the page: save the typed text first, so the next
  // page is based on it and no stale local copy is left behind.
  document.querySelectorAll("form[method=post]").forEach(function (other) {
    if (other === form) return;
    other.addEventListener("submit", function (event) {
      if (!dirty && !saving) return;
      event.preventDefault();
      // A save may already be under way; the second call sends what was typed meanwhile.
      Promise.resolve(save()).then(function () { return save(); })
        .then(function () { HTMLFormElement.prototype.submit.call(other); });
    });
  });
  setInterval(save, INTERVAL);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
  updateBudget();
})();
