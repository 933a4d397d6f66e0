/* Zhinan public site: small progressive enhancements. Everything works without this file:
   the display toggle is a link the server answers, the checklist is plain checkboxes, the
   section navigation is plain anchors. */
(function () {
  "use strict";
  var root = document.documentElement;
  var COOKIE = "zhinan_display";

  /* Large-text mode (适老化): switch in place, remember in the cookie the server reads. */
  function setDisplay(link) {
    var large = link.getAttribute("data-mode") === "large";
    var secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = COOKIE + "=" + (large ? "large; max-age=31536000" : "; max-age=0") +
      "; path=/; samesite=lax" + secure;
    root.classList.toggle("large-text", large);
    link.setAttribute("data-mode", large ? "standard" : "large");
    link.textContent = large ? "标准字号" : "大字模式";
    link.href = "/xianshi/?mode=" + (large ? "standard" : "large") + "&next=" +
      encodeURIComponent(location.pathname + location.search);
  }

  /* Checklist mode: remember ticks on this device, count them, print the list alone. */
  function setUpChecklist(box) {
    var key = "zhinan-checklist:" + box.getAttribute("data-checklist");
    var inputs = box.querySelectorAll("input[type=checkbox]");
    var progress = box.querySelector(".checklist-progress");
    var stored = [];
    try { stored = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { stored = []; }
    function update(save) {
      var ticked = [];
      inputs.forEach(function (input) { if (input.checked) ticked.push(input.value); });
      progress.textContent = "已备好 " + ticked.length + " / " + inputs.length + " 项" +
        (ticked.length === inputs.length && inputs.length ? "，材料已备齐。" : "");
      if (save) {
        try { localStorage.setItem(key, JSON.stringify(ticked)); } catch (e) { /* private mode */ }
      }
    }
    inputs.forEach(function (input) {
      input.checked = stored.indexOf(input.value) !== -1;
      input.addEventListener("change", function () { update(true); });
    });
    if (stored.length) box.open = true;
    progress.hidden = false;
    box.querySelector(".checklist-actions").hidden = false;
    box.querySelector("[data-checklist-clear]").addEventListener("click", function () {
      inputs.forEach(function (input) { input.checked = false; });
      update(true);
    });
    box.querySelector("[data-checklist-print]").addEventListener("click", function () {
      box.open = true;
      root.classList.add("print-checklist");
      window.print();
    });
    window.addEventListener("afterprint", function () { root.classList.remove("print-checklist"); });
    update(false);
  }

  /* Printing opens everything folded (FAQ answers, samples) and folds it back afterwards;
   * print.css does the same where the browser styles ::details-content. */
  function setUpPrintUnfolding() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("main details:not([open]):not(.checklist)").forEach(function (details) {
        details.open = true;
        opened.push(details);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (details) { details.open = false; });
      opened = [];
    });
  }

  /* A flowchart kept at a readable size may be wider than a phone: say it scrolls. */
  function markScrollableCharts() {
    document.querySelectorAll(".flowchart").forEach(function (figure) {
      var box = figure.querySelector(".flowchart-scroll");
      if (box) figure.classList.toggle("is-scrollable", box.scrollWidth > box.clientWidth + 1);
    });
  }

  /* Sticky section navigation: mark the section being read. */
  function setUpSectionNav(nav) {
    if (!("IntersectionObserver" in window)) return;
    var links = {};
    nav.querySelectorAll("a[href^='#']").forEach(function (a) { links[a.hash.slice(1)] = a; });
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var link = links[entry.target.id];
        if (!link || !entry.isIntersecting) return;
        Object.keys(links).forEach(function (id) { links[id].removeAttribute("aria-current"); });
        link.setAttribute("aria-current", "location");
        if (link.scrollIntoView && nav.scrollWidth > nav.clientWidth) {
          nav.scrollLeft = link.offsetLeft - nav.clientWidth / 3;
        }
      });
    }, { rootMargin: "-20% 0px -70% 0px" });
    Object.keys(links).forEach(function (id) {
      var section = document.getElementById(id);
      if (section) observer.observe(section);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".display-toggle").forEach(function (link) {
      link.addEventListener("click", function (event) { event.preventDefault(); setDisplay(link); });
    });
    document.querySelectorAll("[data-checklist]").forEach(setUpChecklist);
    document.querySelectorAll(".section-nav").forEach(setUpSectionNav);
    setUpPrintUnfolding();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    markScrollableCharts();
    window.addEventListener("resize", markScrollableCharts);
  });
})();
