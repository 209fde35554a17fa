// Draws every <canvas data-chart="…"> from the JSON the server put in the attribute.
(function () {
  'use strict';
  if (typeof window.Chart !== 'function') return;
  var palette = ['#0b5cab', '#2e8540', '#c05600', '#6f42c1', '#b3261e'];
  function format(unit, lang, v) {
    if (v === null || v === undefined) return '—';
    // the same units as the page's own figures (src/web/format.ts): 万㎡ in Chinese, million m² from a million in English
    if (unit === 'percent') return (v * 100).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: 1 }) + '%';
    if (unit === 'm2' && lang === 'zh') return (v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + '万㎡';
    if (unit === 'm2') return Math.abs(v) >= 1000000 ? (v / 1000000).toLocaleString('en-GB', { maximumFractionDigits: 2 }) + ' million m²' : v.toLocaleString('en-GB') + ' m²';
    return v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB');
  }
  // Lines are drawn straight from point to point (no smoothing suggests no values between records);
  // a cumulative count holds until the next date and steps there. The numbers are also in the
  // figure's table (views/partials/chart.ejs), for screen readers and print.
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute('data-chart')); } catch (e) { return; }
    var lang = canvas.getAttribute('data-lang') || 'zh';
    var fmt = function (v) { return format(spec.unit, lang, v); };
    var chart = new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length], spanGaps: true, tension: 0, stepped: spec.stepped ? 'before' : false };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + fmt(c.raw); } } },
        },
        scales: {
          y: {
            beginAtZero: true,
            max: spec.unit === 'percent' ? 1 : undefined,
            ticks: { callback: function (v) { return fmt(v); }, precision: spec.unit === 'buildings' ? 0 : undefined },
          },
        },
      },
    });
    canvas.setAttribute('data-drawn', chart ? 'true' : 'false');
  });
})();
