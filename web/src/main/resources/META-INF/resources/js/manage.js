// Charts of the manager's page, drawn with ECharts from the JSON endpoint beside the page (the page's own session;
// /api/* takes no cookie). The tables under each chart hold the same figures.
(function () {
  const holder = document.getElementById('charts');
  if (!holder || typeof echarts === 'undefined') return;
  const bar = (el, names, series, unit) => {
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({
      grid: { left: 56, right: 16, top: 36, bottom: 36 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'left' } },
      series: series
    });
    window.addEventListener('resize', () => chart.resize());
    return chart;
  };
  fetch(holder.dataset.src, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(r => r.ok ? r.json() : Promise.reject(r.status))
    .then(d => {
      const unit = d.currency || '';
      const num = xs => xs.map(Number);
      bar(document.getElementById('chart-rounds'), d.rounds.map(r => 'round ' + r), [
        { name: 'spent', type: 'bar', stack: 'r', data: num(d.spent), itemStyle: { color: '#c77c02' } },
        { name: 'released (unused)', type: 'bar', stack: 'r', data: num(d.released), itemStyle: { color: '#9fb4d9' } }
      ], unit);
      bar(document.getElementById('chart-annotators'), d.annotators, [
        { name: 'spent', type: 'bar', data: num(d.annotatorSpent), itemStyle: { color: '#2f6fde' } }
      ], unit);
      bar(document.getElementById('chart-value'), d.valueRounds.map(r => 'round ' + r), [
        { name: 'accuracy gain per ' + (unit || 'unit'), type: 'bar', itemStyle: { color: '#2e8b57' },
          data: d.gainPerUnit.map(v => ({ value: v, itemStyle: { color: v < 0 ? '#c0392b' : '#2e8b57' } })) }
      ], 'gain / ' + (unit || 'unit'));
      holder.dataset.loaded = 'true';
    })
    .catch(status => { holder.textContent = 'Charts could not be loaded (' + status + ').'; holder.className = 'field-error'; });
})();
