/* Suggestions as you type for any form with data-suggest-url (header and search page).
   An ARIA combobox: arrow keys move, Enter opens the chosen guide, Escape closes.
   Without JavaScript the form simply submits. */
(function () {
  "use strict";
  function setup(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input || input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    var url = form.getAttribute("data-suggest-url");
    var box = document.createElement("div");
    box.className = "search-suggest-box";
    box.style.flex = "1";
    box.style.minWidth = "0";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    input.style.width = "100%";
    var list = document.createElement("ul");
    list.className = "search-suggestions";
    list.id = input.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    var items = [], active = -1, timer = null, seq = 0;

    function close() {
      list.hidden = true; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + index);
    }
    function render(suggestions) {
      list.textContent = "";
      items = suggestions;
      if (!suggestions.length) { close(); return; }
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = s.title;
        if (s.alias) {
          var alias = document.createElement("span");
          alias.className = "alias";
          alias.textContent = "俗称：" + s.alias;
          li.appendChild(alias);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = s.url; });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark(-1);
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { if (mine === seq) render(data.suggestions || []); })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  function init() { document.querySelectorAll("form[data-suggest-url]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
