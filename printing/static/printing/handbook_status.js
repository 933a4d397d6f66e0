// Handbook listing: while a build runs, poll its status every 2 s and show the progress;
// reload the listing when it ends so the download link and messages appear.
(function () {
  if (window.zhinanHandbookStatus) return;
  window.zhinanHandbookStatus = true;
  function poll(box) {
    fetch(box.dataset.handbookStatus, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.busy) { window.location.reload(); return; }
        var bar = box.querySelector("progress");
        var note = box.querySelector(".handbook-progress-note");
        var label = box.querySelector(".handbook-status-label");
        if (bar) bar.value = data.progress;
        if (note) note.textContent = data.progress + "% " + data.note;
        if (label) label.textContent = data.label;
        setTimeout(function () { poll(box); }, 2000);
      })
      .catch(function () { setTimeout(function () { poll(box); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[data-handbook-status][data-busy="true"]').forEach(poll);
  });
})();
