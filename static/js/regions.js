/* Region picker: turns a 行政区划代码 input into cascading 省 → 市 → 区县 selects (one code) or a
   list with an 添加 button (several codes); where the field takes streets (data-streets, its
   label), a fourth 街道（乡镇） select is loaded once a county is picked. Without this script the
   plain code input still works. */
(function () {
  "use strict";
  var cache = {};

  function load(root, code) {
    var url = root.dataset.url;
    if (code) { url = url.replace(/children\/$/, code + "/children/"); }
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.json();
      }).then(function (data) { return data.children; });
    }
    return cache[url];
  }

  function Cascade(root, input, onChange) {
    var levels = root.dataset.levels.split(",");
    var streets = root.dataset.streets || "";
    var label = input.id && document.querySelector('label[for="' + input.id + '"]');
    var named = label ? label.textContent.trim() + "：" : "";
    var box = document.createElement("span");
    box.className = "region-selects";
    var selects = [];

    function deepest() {
      for (var i = selects.length - 1; i >= 0; i--) {
        if (selects[i].value) { return selects[i]; }
      }
      return null;
    }

    function add(level, parent, chosen) {
      return load(root, parent).then(function (rows) {
        // A later choice may have replaced the parent while this list was loading.
        if (!rows.length || selects.length !== level || (level && selects[level - 1].value !== parent)) { return; }
        var select = document.createElement("select");
        // Towns are 9-digit codes: their list is the 街道 level whatever its depth (直辖市).
        var title = rows[0].code.length === 9 ? streets : levels[Math.min(level, levels.length - 1)];
        select.setAttribute("aria-label", named + title);
        if (level === 0 && input.id) { select.id = input.id; input.id = input.id + "-code"; }
        var empty = new Option(root.dataset.choose + title, "");
        select.add(empty);
        rows.forEach(function (row) {
          var option = new Option(row.name, row.code, false, row.code === chosen[level]);
          option.dataset.leaf = row.leaf || (row.towns && !streets) ? "1" : "";
          select.add(option);
        });
        select.addEventListener("change", function () {
          selects.splice(level + 1).forEach(function (s) { s.remove(); });
          var option = select.selectedOptions[0];
          if (select.value && !option.dataset.leaf) { add(level + 1, select.value, []); }
          onChange();
        });
        selects.push(select);
        box.appendChild(select);
        if (select.value && chosen[level + 1]) { return add(level + 1, select.value, chosen); }
        if (select.value && !select.selectedOptions[0].dataset.leaf) { return add(level + 1, select.value, []); }
      });
    }

    this.element = box;
    this.start = function (chosen) { return add(0, "", chosen); };
    this.code = function () { var s = deepest(); return s ? s.value : ""; };
    this.label = function () {
      return selects.filter(function (s) { return s.value; })
        .map(function (s) { return s.selectedOptions[0].text; }).join("");
    };
  }

  function single(root, input, names) {
    var first = names && names.querySelector("[data-path]");
    var cascade = new Cascade(root, input, function () { input.value = cascade.code(); });
    cascade.start(first ? first.dataset.path.split(",") : []).then(function () {
      input.hidden = true;
      if (names) { names.hidden = true; }
      root.appendChild(cascade.element);
    });
  }

  function multiple(root, input, names) {
    var list = document.createElement("ul");
    list.className = "region-list";
    function sync() {
      input.value = Array.prototype.map.call(list.children, function (li) { return li.dataset.code; }).join(",");
    }
    function item(code, label) {
      if (list.querySelector('[data-code="' + code + '"]')) { return; }
      var li = document.createElement("li");
      li.dataset.code = code;
      li.appendChild(document.createTextNode(label + " "));
      var remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = root.dataset.remove;
      remove.addEventListener("click", function () { li.remove(); sync(); });
      li.appendChild(remove);
      list.appendChild(li);
    }
    if (names) {
      names.querySelectorAll("[data-code]").forEach(function (n) { item(n.dataset.code, n.textContent); });
      names.hidden = true;
    }
    var cascade = new Cascade(root, input, function () {});
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = root.dataset.add;
    button.addEventListener("click", function () {
      if (cascade.code()) { item(cascade.code(), cascade.label()); sync(); }
    });
    cascade.start([]).then(function () {
      input.hidden = true;
      root.appendChild(list);
      root.appendChild(cascade.element);
      root.appendChild(button);
    });
  }

  function init() {
    document.querySelectorAll("[data-region-picker]").forEach(function (root) {
      if (root.dataset.ready) { return; }
      root.dataset.ready = "1";
      var input = root.querySelector("input");
      var names = root.querySelector("[data-region-names]");
      if (root.dataset.regionPicker === "multiple") { multiple(root, input, names); } else { single(root, input, names); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
