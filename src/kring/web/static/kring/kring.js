// Kring's few behaviours. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // A <form data-autosubmit> submits as soon as one of its selects changes; its button is
  // then only needed without JavaScript, so it is hidden.
  function enhanceAutosubmit(root) {
    root.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.querySelectorAll("[data-autosubmit-button]").forEach(function (button) {
        button.hidden = true;
      });
      form.querySelectorAll("select").forEach(function (select) {
        select.addEventListener("change", function () { form.requestSubmit(); });
      });
    });
  }

  // Availability grid: a click on a weekday or daypart heading toggles its whole row/column.
  function enhanceGrid(root) {
    root.querySelectorAll("[data-grid-toggle]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var table = button.closest("table");
        var boxes = table.querySelectorAll(button.getAttribute("data-grid-toggle"));
        var allOn = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !allOn; });
      });
    });
  }

  // A <button data-confirm="question"> asks before its form is sent.
  function enhanceConfirm(root) {
    root.querySelectorAll("[data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  function enhance(root) {
    enhanceAutosubmit(root);
    enhanceGrid(root);
    enhanceConfirm(root);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
})();
