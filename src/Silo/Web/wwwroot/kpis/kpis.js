// Kardiaflow KPI pages: fetch the page's data, draw it with Chart.js, and fetch again when the server's event stream
// says the tables behind the page changed (no reload).
(() => {
  'use strict';
  const page = document.body.dataset.page;
  const palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];
  const statusColors = { PASS: '#16a34a', FAIL: '#dc2626', ERROR: '#7c2d12' };
  const charts = new Map();
  let token = null;
  let loading = false;
  let again = false;

  const $ = (id) => document.getElementById(id);

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function config(chart) {
    const kind = chart.kind;
    const type = kind === 'line' ? 'line' : kind === 'doughnut' ? 'doughnut' : 'bar';
    const datasets = chart.series.map((s, i) => {
      const color = kind === 'stacked' ? (statusColors[s.name] || palette[i % palette.length]) : palette[i % palette.length];
      return {
        label: s.name,
        data: s.values,
        backgroundColor: kind === 'doughnut' ? s.values.map((_, j) => palette[j % palette.length]) : color,
        borderColor: kind === 'doughnut' ? '#fff' : color,
        borderWidth: kind === 'line' ? 2 : 1,
        pointRadius: kind === 'line' ? 0 : undefined,
        tension: 0.2,
      };
    });
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: kind === 'doughnut' || chart.series.length > 1, position: kind === 'doughnut' ? 'right' : 'top' } },
    };
    if (kind === 'hbar') options.indexAxis = 'y';
    if (kind === 'stacked') options.scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true } };
    else if (kind !== 'doughnut') options.scales = { x: { ticks: { autoSkip: true, maxRotation: 60 } }, y: { beginAtZero: true } };
    if (kind === 'hbar') options.scales = { x: { beginAtZero: true }, y: { ticks: { autoSkip: false } } };
    return { type, data: { labels: chart.labels, datasets }, options };
  }

  function drawChart(chart) {
    let card = $('chart-' + chart.id);
    if (!card) {
      card = element('article', { id: 'chart-' + chart.id, class: 'card' });
      card.append(element('h3'), element('div', { class: 'chart-box' }), element('p', { class: 'note' }));
      card.children[1].append(element('canvas', { id: 'canvas-' + chart.id, role: 'img' }));
      $('charts').append(card);
    }
    card.querySelector('h3').textContent = chart.title;
    card.querySelector('.note').textContent = chart.note || '';
    const canvas = card.querySelector('canvas');
    canvas.setAttribute('aria-label', chart.title);
    const empty = chart.labels.length === 0;
    card.classList.toggle('empty', empty);
    const existing = charts.get(chart.id);
    if (existing) {
      const next = config(chart);
      existing.data.labels = next.data.labels;
      existing.data.datasets = next.data.datasets;
      existing.update('none');
    } else {
      charts.set(chart.id, new Chart(canvas, config(chart)));
    }
  }

  function drawTable(table) {
    let card = $('table-' + table.id);
    if (!card) {
      card = element('article', { id: 'table-' + table.id, class: 'card wide' });
      card.append(element('h3'), element('div', { class: 'table-box' }), element('p', { class: 'note' }));
      $('tables').append(card);
    }
    card.querySelector('h3').textContent = table.title;
    card.querySelector('.note').textContent = table.note || (table.rows.length === 0 ? 'No rows yet.' : '');
    const grid = element('table');
    const head = element('tr');
    for (const column of table.columns) head.append(element('th', { scope: 'col' }, column));
    const thead = element('thead');
    thead.append(head);
    grid.append(thead);
    const body = element('tbody');
    for (const row of table.rows) {
      const tr = element('tr');
      row.forEach((cell, i) => {
        const td = element('td', {}, cell === null ? '' : cell);
        if (table.columns[i] === 'status') td.className = 'status-' + String(cell).toLowerCase();
        tr.append(td);
      });
      body.append(tr);
    }
    grid.append(body);
    card.querySelector('.table-box').replaceChildren(grid);
  }

  function render(data) {
    data.charts.forEach(drawChart);
    data.tables.forEach(drawTable);
    token = data.token;
    const gold = data.goldCommittedAt ? new Date(data.goldCommittedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : 'not yet';
    $('freshness').textContent = 'Gold last committed: ' + gold + ' · data read ' + new Date(data.builtAt).toLocaleTimeString();
    $('status').hidden = true;
    $('error').hidden = true;
    document.body.dataset.token = token;
    document.body.dataset.state = 'ready';
  }

  async function load() {
    if (loading) { again = true; return; }
    loading = true;
    try {
      do {
        again = false;
        const response = await fetch('/kpis/api/' + page, { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (!response.ok) throw new Error('The server answered ' + response.status + ' ' + response.statusText + '.');
        render(await response.json());
      } while (again);
    } catch (e) {
      $('status').hidden = true;
      $('error').textContent = 'Could not load the page data: ' + e.message;
      $('error').hidden = false;
      document.body.dataset.state = 'error';
    } finally {
      loading = false;
    }
  }

  function listen() {
    const events = new EventSource('/kpis/api/events');
    events.addEventListener('tokens', (e) => {
      const tokens = JSON.parse(e.data);
      if (tokens[page] && tokens[page] !== token) load();
    });
  }

  load().then(listen);
})();
