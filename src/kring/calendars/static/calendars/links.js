// Copy buttons for calendar links: copies the link next to the button and says so (no inline
// script: the pages run under a strict Content-Security-Policy).
(function () {
  "use strict";
  function say(button, text) {
    var status = button.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = text; }
  }
  function copied(button) { say(button, button.getAttribute("data-copied")); }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { copied(button); }, function () {
        input.select();
        say(button, button.getAttribute("data-select"));
      });
    } else {
      input.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      say(button, button.getAttribute(done ? "data-copied" : "data-select"));
    }
  });
  document.querySelectorAll("button[data-copy]").forEach(function (button) { button.hidden = false; });
}());
