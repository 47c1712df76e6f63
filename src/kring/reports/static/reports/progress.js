// Polls an annual report's progress once a second and reloads the page when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || !box.querySelector("[data-active]")) { return; }
  var statusUrl = box.getAttribute("data-status-url");
  var doneUrl = box.getAttribute("data-done-url");
  function poll() {
    fetch(statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        document.getElementById("report-bar").value = data.percent;
        document.getElementById("report-status").textContent = data.status_label;
        if (data.active) { window.setTimeout(poll, 1000); } else { window.location.assign(doneUrl); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
