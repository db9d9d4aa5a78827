// The project page's charts, from the page's own JSON endpoint (data-url): pages cannot call /api/*.
(function () {
  const section = document.getElementById('charts');
  if (!section || !window.echarts) return;
  const color = ['#2f6fde', '#c77c02', '#2e8b57'];
  function chart(id, option, empty) {
    const el = document.getElementById(id);
    const c = echarts.init(el, null, { renderer: 'canvas' });
    const base = { color: color, grid: { left: 56, right: 20, top: 24, bottom: 44 }, tooltip: { trigger: 'axis' },
      animation: false };
    if (empty) base.graphic = { type: 'text', left: 'center', top: 'middle', style: { text: empty, fill: '#6b7480', fontSize: 14 } };
    c.setOption(Object.assign(base, option));
    window.addEventListener('resize', () => c.resize());
    return c;
  }
  fetch(section.dataset.url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(r => r.ok ? r.json() : Promise.reject(r.status))
    .then(d => {
      const rounds = d.rounds;
      const none = rounds.length ? null : 'No trained round yet';
      const accuracyAxis = { type: 'value', name: 'accuracy', min: 0, max: 1, nameGap: 8 };
      chart('chart-labels', {
        xAxis: { type: 'value', name: 'labels', nameLocation: 'middle', nameGap: 28, min: 0 },
        yAxis: accuracyAxis,
        series: [{ type: 'line', symbolSize: 8, data: rounds.map(r => [r.trainingSize, r.accuracy, r.round]) }],
        tooltip: { trigger: 'item', formatter: p => 'round ' + p.data[2] + '<br>' + p.data[0] + ' labels: ' + p.data[1].toFixed(3) }
      }, none);
      const money = d.limited ? 'spend (' + (d.currency || '') + ')' : 'spend';
      chart('chart-spend', {
        xAxis: { type: 'value', name: money, nameLocation: 'middle', nameGap: 28, min: 0 },
        yAxis: accuracyAxis,
        series: [{ type: 'line', symbolSize: 8, data: rounds.map(r => [Number(r.cumulativeSpend), r.accuracy, r.round]) }],
        tooltip: { trigger: 'item', formatter: p => 'round ' + p.data[2] + '<br>spent ' + p.data[0] + ': ' + p.data[1].toFixed(3) }
      }, d.limited ? none : 'Unlimited: no budget, no spend');
      chart('chart-burn', {
        xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: { hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}', day: '{d} {MMM}' } } },
        yAxis: { type: 'value', name: 'available', nameGap: 8, min: 0 },
        series: [{ type: 'line', step: 'end', symbol: 'circle', symbolSize: 5, areaStyle: { opacity: 0.12 },
          data: d.burn.map(b => [b.at, Number(b.available), b.kind, b.round]) }],
        tooltip: { trigger: 'item', formatter: p => p.data[2].toLowerCase() + (p.data[3] ? ' (round ' + p.data[3] + ')' : '') + '<br>available ' + p.data[1] }
      }, d.limited ? (d.burn.length ? null : 'No ledger entry yet') : 'Unlimited: no budget set');
    })
    .catch(status => { section.insertAdjacentHTML('afterbegin', '<p class="error">Charts unavailable (' + status + ').</p>'); });
})();
