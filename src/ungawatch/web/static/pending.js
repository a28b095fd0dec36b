// A page waiting for a result the server computes in the background: reload it after a few
// seconds (HTTP 202 until done), unless the reader asks it to stop.
(function () {
  "use strict";
  var note = document.querySelector(".computing[data-reload]");
  if (!note) { return; }
  var timer = window.setTimeout(function () { window.location.reload(); },
    1000 * Number(note.getAttribute("data-reload") || "3"));
  var stop = document.getElementById("stop-reload");
  if (stop) {
    stop.addEventListener("click", function () {
      window.clearTimeout(timer);
      stop.disabled = true;
      stop.textContent = "Reloading stopped: reload the page to check again";
    });
  }
}());
