// Keeps a simulation run's page up to date while the run is queued or running: the page works
// without this (it has a refresh link); with it, the progress is read every few seconds and the
// page is reloaded when the run's status changes, to show the results.
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var status = box.getAttribute("data-status-value");
  var template = box.getAttribute("data-progress-template");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var shown = null;

  function later(seconds) {
    window.setTimeout(poll, seconds * 1000);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          later(15);
          return;
        }
        if (data.finished || data.status !== status) {
          window.location.reload();
          return;
        }
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        var message = template.replace("{done}", data.done).replace("{total}", data.total);
        // Only a change is written, so that a screen reader is not told the same thing again.
        if (message !== shown) {
          text.textContent = message;
          shown = message;
        }
        later(3);
      })
      .catch(function () {
        later(15);
      });
  }

  later(3);
})();
