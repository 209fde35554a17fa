// Polls the status of a running import and moves the progress bar; reloads the page when the job
// ends so that the server shows the outcome. Without JavaScript the page's refresh link does the same.
(function () {
  'use strict';
  var box = document.getElementById('import-job');
  if (!box || typeof window.fetch !== 'function') return;
  var url = box.getAttribute('data-status-url');
  var bar = document.getElementById('import-bar');
  var count = document.getElementById('import-count');
  var phase = document.getElementById('import-phase');
  function tick() {
    window.fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        if (s.state !== 'running') { window.location.reload(); return; }
        var total = Math.max(1, s.total);
        bar.max = total;
        bar.value = Math.min(s.done, total);
        count.textContent = s.done + ' / ' + s.total;
        phase.textContent = box.getAttribute('data-text-' + s.phase) || phase.textContent;
        window.setTimeout(tick, 1000);
      })
      .catch(function (status) {
        // The job is gone or no longer ours (expired, signed out): let the server say so.
        if (typeof status === 'number' && status >= 400 && status < 500) window.location.reload();
        else window.setTimeout(tick, 5000);
      });
  }
  window.setTimeout(tick, 500);
})();
