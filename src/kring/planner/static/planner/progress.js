// Polls a planning run's progress once a second and opens the review when it is done.
(function () {
  "use strict";
  var box = document.getElementById("run-progress");
  if (!box) { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var doneUrl = box.getAttribute("data-done-url");
  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        document.getElementById("run-bar").value = data.percent;
        document.getElementById("run-status").textContent = data.status_label;
        document.getElementById("run-phase").textContent = data.phase || "";
        var notice = document.getElementById("run-notice");
        notice.textContent = data.notice || "";
        notice.hidden = !data.notice;
        document.getElementById("run-penalty").textContent = data.penalty === null ? "–" : data.penalty;
        if (data.active) { window.setTimeout(poll, 1000); } else { window.location.assign(doneUrl); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (box.querySelector("#run-cancel")) { window.setTimeout(poll, 500); }
}());
