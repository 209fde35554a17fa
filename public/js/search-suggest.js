// Suggestions as one types in a search box (progressive: without JavaScript the form still searches).
// Names come from /search/suggest as JSON and fill the box's <datalist>; nothing is sent elsewhere.
(function () {
  'use strict';
  document.querySelectorAll('input[data-suggest]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute('list'));
    if (!list) return;
    var timer = null;
    var last = '';
    var controller = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q === last) return;
        last = q;
        if (controller) controller.abort();
        if (q === '') { list.replaceChildren(); return; }
        controller = new AbortController();
        fetch(input.getAttribute('data-suggest') + '?q=' + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (body) {
            list.replaceChildren.apply(list, body.suggestions.map(function (s) {
              var o = document.createElement('option');
              o.value = s.name;
              o.label = s.where ? s.name + ' · ' + s.where : s.name;
              return o;
            }));
          })
          .catch(function () { /* a newer query took over, or the network failed: the form still works */ });
      }, 150);
    });
  });
})();
