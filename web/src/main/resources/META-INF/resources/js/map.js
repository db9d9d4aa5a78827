// The embedding map (templates/MapPage/map.html): fetches the page's own points JSON with the session cookie and
// draws it with ECharts. Series come unlabeled, labeled, selected: the batch is drawn last, on top, to be hovered.
(function () {
  'use strict';
  const el = document.getElementById('map');
  if (!el) return;
  const status = document.getElementById('map-status');
  const colours = { unlabeled: '#aab4c0', labeled: '#2e8b57', selected: '#e8590c' };
  const sizes = { unlabeled: 4, labeled: 6, selected: 9 };
  const escape = s => String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const number = n => n.toLocaleString('en');
  const percent = f => (100 * f).toFixed(1) + '%';

  function tooltip(data, params) {
    const s = data.series[params.seriesIndex];
    const i = params.value[2];
    if (s.fileName) {
      const file = s.fileName[i];
      const src = el.dataset.thumbnails + '?file=' + encodeURIComponent(file);
      const score = s.score && s.score[i] != null ? ' · score ' + s.score[i].toFixed(3) : '';
      return '<div class="map-tip"><img src="' + escape(src) + '" alt="' + escape(file) + '">'
        + '<div><div class="name">' + escape(file) + '</div><div>pick ' + (s.rank[i] + 1) + ' of round ' + data.round
        + score + '</div></div></div>';
    }
    return escape(s.name) + '<br>sample ' + s.sampleId[i];
  }

  function draw(data) {
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 24, top: 48, bottom: 48 },
      legend: { top: 10 },
      toolbox: { right: 16, top: 6, feature: { restore: { title: 'Reset zoom' }, saveAsImage: { title: 'Save' } } },
      tooltip: { trigger: 'item', confine: true, formatter: p => tooltip(data, p) },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
      xAxis: { type: 'value', name: 'PC 1 (' + percent(data.explained[0]) + ')', nameLocation: 'middle', nameGap: 28,
        scale: true, axisLine: { onZero: false }, splitLine: { lineStyle: { color: '#eef1f4' } } },
      yAxis: { type: 'value', name: 'PC 2 (' + percent(data.explained[1]) + ')', nameLocation: 'middle', nameGap: 40,
        scale: true, axisLine: { onZero: false }, splitLine: { lineStyle: { color: '#eef1f4' } } },
      series: data.series.map(s => ({
        id: s.id,
        name: s.name + ' · ' + number(s.total),
        type: 'scatter',
        symbolSize: sizes[s.id],
        large: s.shown > 5000,
        largeThreshold: 5000,
        itemStyle: { color: colours[s.id], opacity: s.id === 'unlabeled' ? 0.55 : 0.9,
          borderColor: s.id === 'selected' ? '#fff' : undefined, borderWidth: s.id === 'selected' ? 1 : 0 },
        emphasis: { scale: 1.8 },
        data: s.x.map((x, i) => [x, s.y[i], i])
      }))
    });
    window.addEventListener('resize', () => chart.resize());
    const shown = data.series.reduce((n, s) => n + s.shown, 0);
    document.getElementById('map-method').textContent = data.methodName;
    status.textContent = number(data.poolSize) + ' pool images, ' + number(shown) + ' drawn · '
      + data.dimension + '-d embeddings, the two axes carry ' + percent(data.explained[0] + data.explained[1])
      + ' of their variance · ' + (data.cached ? 'projection reused' : 'projected in ' + number(data.computeMillis) + ' ms');
    el.dataset.ready = 'true';
  }

  fetch(el.dataset.points, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(r => r.ok ? r.json() : r.json().catch(() => ({})).then(p => { throw new Error(p.reason || r.statusText); }))
    .then(draw)
    .catch(e => {
      status.textContent = 'The map could not be drawn: ' + e.message;
      status.classList.add('error');
      el.dataset.ready = 'failed';
    });
})();
