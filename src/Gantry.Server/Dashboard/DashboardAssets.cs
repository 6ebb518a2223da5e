// The dashboard's static files. They live here as C# raw strings so the assembly carries them
// without a front-end build step or a project-file change; edit them in place.
namespace Gantry.Server.Dashboard;

internal static class DashboardAssets
{
    public static readonly IReadOnlyDictionary<string, (string Content, string ContentType)> Files =
        new Dictionary<string, (string Content, string ContentType)>(StringComparer.Ordinal)
        {
            ["index.html"] = (IndexHtml, "text/html"),
            ["app.js"] = (AppJs, "text/javascript"),
            ["style.css"] = (StyleCss, "text/css"),
        };

    private const string IndexHtml = """"
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gantry</title>
<link rel="stylesheet" href="style.css">
<script type="module" src="app.js"></script>
</head>
<body data-page="loading">
<header id="top" hidden>
  <span class="brand">Gantry</span>
  <nav>
    <a href="#/overview" data-page="overview">Overview</a>
    <a href="#/jobs" data-page="jobs">Jobs</a>
    <a href="#/deployments" data-page="deployments">Deployments</a>
    <a href="#/cost" data-page="cost">Cost</a>
    <a href="#/budgets" data-page="budgets">Budgets</a>
    <a href="#/planner" data-page="planner">Planner</a>
    <a href="#/audit" data-page="audit" id="nav-audit" hidden>Audit log</a>
  </nav>
  <span id="who"></span>
  <button type="button" id="logout">Log out</button>
</header>
<section id="login" hidden>
  <form id="login-form">
    <h1>Gantry</h1>
    <p>Paste an API token (<code>gantry token create</code>, or <code>.gantry/admin.token</code> on the server).</p>
    <label for="token-input">Token</label>
    <input type="password" id="token-input" autocomplete="off" spellcheck="false">
    <button type="submit">Log in</button>
    <p id="login-error" role="alert"></p>
  </form>
</section>
<main id="main" data-state="loading"></main>
<noscript>The dashboard needs JavaScript.</noscript>
</body>
</html>
"""";

    private const string AppJs = """"
// Gantry dashboard: plain ES module, no build step. All data text goes in through textContent
// (el() and append() make text nodes), never innerHTML.
const TOKEN_KEY = 'gantry.token';
const SVG = 'http://www.w3.org/2000/svg';
const main = document.getElementById('main');
const header = document.getElementById('top');
const login = document.getElementById('login');
let whoami = null;

class LoginRequired extends Error {}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) e.append(c instanceof Node ? c : String(c));
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

/** Moves `token=...` from the URL fragment (for scripts and tests) into sessionStorage and out of the URL. */
function takeTokenFromFragment() {
  const h = location.hash;
  const m = /(^#|[&?])token=([^&]*)/.exec(h);
  if (!m) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[2]));
  let rest = h.slice(0, m.index) + (m[1] === '#' ? '#' : '') + h.slice(m.index + m[0].length);
  rest = rest.replace(/^#&/, '#');
  if (rest === '#') rest = '';
  history.replaceState(null, '', location.pathname + location.search + rest);
}

function showLogin(message) {
  whoami = null;
  header.hidden = true;
  main.replaceChildren();
  main.dataset.state = 'login';
  document.body.dataset.page = 'login';
  login.hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('token-input').value = '';
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  whoami = null;
  location.hash = '';
  showLogin('Logged out.');
}

async function api(path, opts = {}) {
  const t = token();
  if (!t) { showLogin(); throw new LoginRequired(); }
  const headers = { Authorization: 'Bearer ' + t, Accept: opts.text ? 'text/plain' : 'application/json' };
  const init = { headers };
  if (opts.body !== undefined) {
    init.method = opts.method || 'POST';
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  const r = await fetch(path, init);
  if (r.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('The server refused the token; log in again.');
    throw new LoginRequired();
  }
  if (opts.allow404 && r.status === 404) return null;
  if (!r.ok) {
    let detail = null;
    try { detail = (await r.json()).detail; } catch { /* not problem details */ }
    throw new Error(detail || `${r.status} ${r.statusText} from ${path}`);
  }
  return opts.text ? r.text() : r.json();
}

// ---- formatting --------------------------------------------------------------------------
const num = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v)) ? '—' : Number(v).toFixed(d);
const usd = v => (v === null || v === undefined) ? '—' : '$' + Number(v).toFixed(2);
const pct = v => (v === null || v === undefined) ? '—' : (100 * v).toFixed(0) + '%';
const when = s => s ? new Date(s).toLocaleString() : '—';
function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
}
function runSeconds(job) {
  if (!job.started_at) return null;
  const end = job.finished_at ? new Date(job.finished_at) : new Date();
  return (end - new Date(job.started_at)) / 1000;
}
function monthStart(d) { return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)); }

function table(columns, rows, attrs) {
  return el('table', attrs || {},
    el('thead', {}, el('tr', {}, columns.map(c => el('th', {}, c[0])))),
    el('tbody', {}, rows.map(r => el('tr', {}, columns.map(c => el('td', {}, c[1](r)))))));
}

function card(label, value, id) {
  return el('div', { class: 'card', id }, el('div', { class: 'card-label' }, label), el('div', { class: 'card-value' }, value));
}

// ---- charts (inline SVG) -------------------------------------------------------------------
/** series: [{name, points: [[x, y], ...]}]; x numbers (ms since epoch or steps). */
function lineChart(series, opts = {}) {
  const W = 640, H = opts.height || 220, L = 48, R = 12, T = 12, B = 28;
  const all = series.flatMap(s => s.points);
  const box = el('figure', { class: 'chart' });
  if (opts.title) box.append(el('figcaption', {}, opts.title));
  if (all.length < 2) { box.append(el('p', { class: 'empty' }, opts.empty || 'Not enough points to draw yet.')); return box; }
  const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
  const y0 = Math.min(0, ...ys);
  let y1 = opts.yMax !== undefined ? Math.max(opts.yMax, ...ys) : Math.max(...ys);
  if (y1 === y0) y1 = y0 + 1;
  const sx = x => L + (x - x0) / (x1 - x0) * (W - L - R);
  const sy = y => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'line-chart', role: 'img' });
  s.append(svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }), svg('line', { x1: L, y1: T, x2: L, y2: H - B, class: 'axis' }));
  for (const v of [y0, (y0 + y1) / 2, y1]) {
    const t = svg('text', { x: L - 4, y: sy(v) + 4, class: 'tick', 'text-anchor': 'end' });
    t.textContent = num(v, Math.abs(y1 - y0) < 10 ? 2 : 0);
    s.append(t, svg('line', { x1: L, y1: sy(v), x2: W - R, y2: sy(v), class: 'grid' }));
  }
  const fmtX = opts.time ? (v => new Date(v).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })) : (v => num(v, 0));
  for (const [v, anchor] of [[x0, 'start'], [x1, 'end']]) {
    const t = svg('text', { x: sx(v), y: H - 8, class: 'tick', 'text-anchor': anchor });
    t.textContent = fmtX(v);
    s.append(t);
  }
  const legend = el('ul', { class: 'legend' });
  series.forEach((ser, i) => {
    if (ser.points.length === 0) return;
    const pts = ser.points.map(p => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
    const line = svg('polyline', { points: pts, class: `series s${i % 6}`, 'data-series': ser.name, 'data-count': ser.points.length });
    const title = svg('title', {});
    title.textContent = ser.name;
    line.append(title);
    s.append(line);
    legend.append(el('li', { class: `s${i % 6}` }, ser.name));
  });
  box.append(s, legend);
  return box;
}

/** bars: [{name, value}] horizontal bars. */
function barChart(bars, opts = {}) {
  const box = el('figure', { class: 'chart' });
  if (opts.title) box.append(el('figcaption', {}, opts.title));
  if (bars.length === 0) { box.append(el('p', { class: 'empty' }, opts.empty || 'Nothing to show.')); return box; }
  const W = 640, row = 24, L = 160, R = 80, H = bars.length * row + 8;
  const max = Math.max(...bars.map(b => b.value), 1e-9);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bar-chart', role: 'img' });
  bars.forEach((b, i) => {
    const y = 4 + i * row;
    const label = svg('text', { x: L - 6, y: y + 16, class: 'tick', 'text-anchor': 'end' });
    label.textContent = b.name;
    const w = Math.max(1, (W - L - R) * b.value / max);
    const rect = svg('rect', { x: L, y: y + 3, width: w.toFixed(1), height: row - 6, class: `bar s${i % 6}`, 'data-name': b.name });
    const value = svg('text', { x: L + w + 4, y: y + 16, class: 'tick' });
    value.textContent = opts.format ? opts.format(b.value) : num(b.value, 2);
    s.append(label, rect, value);
  });
  box.append(s);
  return box;
}

// ---- pages ----------------------------------------------------------------------------------
async function overview() {
  const since = new Date(Date.now() - 6 * 3600e3);
  const [gpus, telemetry, running, queue, cost] = await Promise.all([
    api('/api/v1/gpus'),
    api('/api/v1/gpus/telemetry?since=6h'),
    api('/api/v1/jobs?state=running&limit=1000'),
    api('/api/v1/queue?limit=5000'),
    api('/api/v1/cost/report?by=project&since=month'),
  ]);
  const byTime = new Map();
  for (const g of telemetry.gpus) for (const p of g.points) {
    const t = new Date(p.at).getTime();
    const v = byTime.get(t) || { allocated: 0, used: 0 };
    v.allocated += p.allocated;
    v.used += (p.utilization || 0) / 100;
    byTime.set(t, v);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const gpuCount = Array.isArray(gpus) ? gpus.length : (gpus.items || []).length;
  return [
    el('h1', {}, 'Overview'),
    el('div', { class: 'cards' },
      card('GPUs', String(gpuCount), 'card-gpus'),
      card('Running jobs', String(running.items.length) + (running.next_cursor ? '+' : ''), 'card-running'),
      card('Queue length', String(queue.length), 'card-queue'),
      card('Spend this month', usd(cost.totals.total_cost), 'card-spend')),
    lineChart([
      { name: 'GPUs allocated', points: times.map(t => [t, byTime.get(t).allocated]) },
      { name: 'GPUs utilised', points: times.map(t => [t, byTime.get(t).used]) },
    ], { title: 'GPUs allocated vs. utilised, last 6 hours (since ' + since.toLocaleTimeString() + ')', time: true, yMax: gpuCount, empty: 'No GPU telemetry in the last 6 hours.' }),
    el('h2', {}, 'Running jobs'),
    running.items.length === 0 ? el('p', { class: 'empty' }, 'No jobs are running.') : jobTable(running.items),
  ];
}

function jobTable(jobs) {
  return table([
    ['ID', j => el('a', { href: '#/jobs/' + j.id }, String(j.id))],
    ['Name', j => j.name],
    ['Project', j => j.project],
    ['User', j => j.user],
    ['State', j => el('span', { class: 'state ' + j.state }, j.state)],
    ['GPUs', j => String(j.resources && j.resources.gpus !== undefined ? j.resources.gpus : '')],
    ['Submitted', j => when(j.submitted_at)],
    ['Run time', j => duration(runSeconds(j))],
  ], jobs, { class: 'jobs' });
}

const STATES = ['', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'preempted'];

async function jobs(params) {
  const state = params.get('state') || '';
  const cursor = params.get('cursor') || '';
  const q = new URLSearchParams({ limit: '100' });
  if (state) q.set('state', state);
  if (cursor) q.set('cursor', cursor);
  const page = await api('/api/v1/jobs?' + q);
  const select = el('select', { id: 'state-filter', onchange: e => { location.hash = '#/jobs' + (e.target.value ? '?state=' + encodeURIComponent(e.target.value) : ''); } },
    STATES.map(s => { const o = el('option', { value: s }, s || 'all states'); if (s === state) o.selected = true; return o; }));
  const next = page.next_cursor
    ? el('a', { href: '#/jobs?' + new URLSearchParams(state ? { state, cursor: page.next_cursor } : { cursor: page.next_cursor }) }, 'Next page →')
    : null;
  return [
    el('h1', {}, 'Jobs'),
    el('label', { class: 'filter' }, 'State ', select),
    page.items.length === 0 ? el('p', { class: 'empty' }, 'No jobs.') : jobTable(page.items),
    next,
  ];
}

async function jobDetail(id) {
  const [job, metrics, gpu, stdout, stderr] = await Promise.all([
    api('/api/v1/jobs/' + id),
    api('/api/v1/jobs/' + id + '/metrics').catch(e => ({ error: e.message })),
    api('/api/v1/jobs/' + id + '/gpu').catch(e => ({ error: e.message })),
    api('/api/v1/jobs/' + id + '/logs?stream=stdout', { text: true }).catch(e => 'log unavailable: ' + e.message),
    api('/api/v1/jobs/' + id + '/logs?stream=stderr', { text: true }).catch(e => 'log unavailable: ' + e.message),
  ]);
  const facts = [
    ['Name', job.name], ['Project', job.project], ['User', job.user], ['State', job.state],
    ['Reason', job.reason || '—'], ['Command', (job.command || []).join(' ')],
    ['Pool / node', (job.pool || '—') + ' / ' + (job.node || '—')], ['GPUs held', (job.gpus || []).join(', ') || '—'],
    ['Attempt', `${job.attempt} of ${job.max_retries + 1}`], ['Exit code', job.exit_code ?? '—'],
    ['Submitted', when(job.submitted_at)], ['Started', when(job.started_at)], ['Finished', when(job.finished_at)],
  ];
  const out = [
    el('p', {}, el('a', { href: '#/jobs' }, '← all jobs')),
    el('h1', {}, `Job ${job.id}: `, el('span', { id: 'job-name' }, job.name)),
    el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))])),
    el('h2', {}, 'GPU utilisation'),
  ];
  if (gpu.error) out.push(el('p', { class: 'error' }, gpu.error));
  else {
    out.push(el('p', {}, `Average utilisation ${gpu.average_utilization === null ? '—' : num(gpu.average_utilization) + '%'}, ${num(gpu.gpu_hours, 3)} GPU-hours`));
    out.push(lineChart(gpu.gpus.map(g => ({ name: `${g.node} GPU ${g.gpu}`, points: g.points.filter(p => p.utilization !== null).map(p => [new Date(p.at).getTime(), p.utilization]) })),
      { time: true, yMax: 100, empty: 'No GPU telemetry for this job.' }));
  }
  out.push(el('h2', {}, 'Metrics'));
  if (metrics.error) out.push(el('p', { class: 'error' }, metrics.error));
  else {
    const u = metrics.usage;
    out.push(el('p', {}, `Queued ${duration(u.queue_seconds)}, ran ${duration(u.run_seconds)} over ${u.attempts} attempt(s), ${num(u.gpu_hours, 3)} GPU-hours`));
    if (metrics.series.length === 0) out.push(el('p', { class: 'empty' }, 'The job reported no metrics.'));
    for (const s of metrics.series) {
      const useStep = s.points.every(p => p.step !== null);
      out.push(lineChart([{ name: s.key, points: s.points.map(p => [useStep ? p.step : new Date(p.at).getTime(), p.value]) }],
        { title: s.key, time: !useStep, empty: `${s.key}: ${s.points.map(p => num(p.value, 4)).join(', ')}` }));
    }
  }
  out.push(el('h2', {}, 'Logs'), el('h3', {}, 'stdout'), el('pre', { class: 'log', id: 'log-stdout' }, stdout || '(empty)'),
    el('h3', {}, 'stderr'), el('pre', { class: 'log', id: 'log-stderr' }, stderr || '(empty)'));
  return out;
}

const WINDOWS = [['month', 'this month'], ['7d', 'last 7 days'], ['30d', 'last 30 days'], ['90d', 'last 90 days']];

async function cost(params) {
  const since = params.get('since') || 'month';
  const now = new Date();
  const months = [];
  for (let i = 5; i >= 0; i--) months.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
  const [report, ...history] = await Promise.all([
    api('/api/v1/cost/report?by=project&since=' + encodeURIComponent(since)),
    ...months.map((m, i) => api('/api/v1/cost/report?by=project&since=' + m.toISOString() +
      (i < months.length - 1 ? '&until=' + months[i + 1].toISOString() : ''))),
  ]);
  const rows = report.rows.filter(r => r.name !== '__idle__');
  const idle = report.rows.find(r => r.name === '__idle__');
  const projects = [...new Set(history.flatMap(h => h.rows.map(r => r.name)).filter(n => n !== '__idle__'))];
  const select = el('select', { id: 'window', onchange: e => { location.hash = '#/cost?since=' + e.target.value; } },
    WINDOWS.map(([v, label]) => { const o = el('option', { value: v }, label); if (v === since) o.selected = true; return o; }));
  return [
    el('h1', {}, 'Cost by project'),
    el('label', { class: 'filter' }, 'Window ', select),
    el('p', {}, `${when(report.window_start)} – ${when(report.window_end)}, ${report.currency}`),
    barChart(rows.map(r => ({ name: r.name, value: r.total_cost })), { format: usd, empty: 'No spend in this window.' }),
    table([
      ['Project', r => r.name], ['GPU-hours', r => num(r.gpu_hours, 2)], ['CPU-hours', r => num(r.cpu_hours, 2)],
      ['RAM GiB-hours', r => num(r.ram_gib_hours, 2)], ['GPU', r => usd(r.gpu_cost)], ['CPU', r => usd(r.cpu_cost)],
      ['RAM', r => usd(r.ram_cost)], ['Total', r => usd(r.total_cost)], ['Efficiency', r => pct(r.efficiency)],
    ], rows, { class: 'cost', id: 'cost-table' }),
    el('p', {}, `Total ${usd(report.totals.total_cost)}` + (idle ? `, of which idle ${usd(idle.total_cost)}` : '')),
    (report.notes || []).length ? el('ul', { class: 'notes' }, report.notes.map(n => el('li', {}, n))) : null,
    el('h2', {}, 'Over the last six months'),
    lineChart(projects.map(p => ({ name: p, points: history.map((h, i) => [i + 1, (h.rows.find(r => r.name === p) || { total_cost: 0 }).total_cost]) })),
      { title: 'Spend per month (USD), months ' + months.map(m => m.toISOString().slice(0, 7)).join(', '), empty: 'No spend in the last six months.' }),
  ];
}

async function budgets() {
  let projects = whoami.projects.map(p => p.project);
  if (whoami.is_admin) {
    const all = await api('/api/v1/projects');
    projects = (Array.isArray(all) ? all : all.items || []).map(p => p.name);
  }
  const found = await Promise.all(projects.map(p => api('/api/v1/projects/' + encodeURIComponent(p) + '/budget', { allow404: true }).then(b => ({ project: p, budget: b }))));
  return [
    el('h1', {}, 'Budgets'),
    found.length === 0 ? el('p', { class: 'empty' }, 'You are in no project.') : table([
      ['Project', f => f.project],
      ['Monthly', f => f.budget ? usd(f.budget.monthly_usd) : 'no budget'],
      ['Spent', f => f.budget ? usd(f.budget.spent_usd) : '—'],
      ['Used', f => f.budget ? el('span', { class: 'meter' }, meter(f.budget.spent_fraction), pct(f.budget.spent_fraction)) : '—'],
      ['Alerts at', f => f.budget ? f.budget.alert_thresholds.map(pct).join(', ') : '—'],
      ['Hard stop', f => f.budget ? (f.budget.hard_stop ? 'yes' : 'no') : '—'],
      ['Refusing jobs', f => f.budget ? (f.budget.refusing_jobs ? 'YES' : 'no') : '—'],
      ['Month', f => f.budget ? f.budget.month : '—'],
    ], found, { class: 'budgets', id: 'budget-table' }),
  ];
}

function meter(fraction) {
  const s = svg('svg', { viewBox: '0 0 100 10', width: 96, height: 10, class: 'meter-bar' });
  s.append(svg('rect', { x: 0, y: 0, width: 100, height: 10, class: 'meter-back' }),
    svg('rect', { x: 0, y: 0, width: Math.min(100, Math.max(0, 100 * fraction)).toFixed(1), height: 10, class: fraction >= 1 ? 'meter-over' : 'meter-fill' }));
  return s;
}

async function audit(params) {
  if (!whoami.is_admin) return [el('h1', {}, 'Audit log'), el('p', { class: 'empty' }, 'The audit log is for administrators.')];
  const q = new URLSearchParams({ limit: '200' });
  for (const k of ['actor', 'action', 'cursor']) if (params.get(k)) q.set(k, params.get(k));
  const page = await api('/api/v1/audit?' + q);
  const actor = el('input', { name: 'actor', value: params.get('actor') || '', placeholder: 'actor' });
  const action = el('input', { name: 'action', value: params.get('action') || '', placeholder: 'action' });
  const form = el('form', { class: 'filter', onsubmit: e => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (actor.value) p.set('actor', actor.value);
    if (action.value) p.set('action', action.value);
    location.hash = '#/audit' + (p.toString() ? '?' + p : '');
  } }, actor, action, el('button', { type: 'submit' }, 'Filter'));
  return [
    el('h1', {}, 'Audit log'), form,
    table([
      ['#', a => String(a.seq)], ['At', a => when(a.at)], ['Actor', a => a.actor], ['Action', a => a.action],
      ['Target', a => a.target || ''], ['Outcome', a => a.outcome], ['Detail', a => a.detail || ''],
    ], page.items, { class: 'audit', id: 'audit-table' }),
    page.next_cursor ? el('a', { href: '#/audit?' + new URLSearchParams({ ...Object.fromEntries(q), cursor: page.next_cursor }) }, 'Older →') : null,
  ];
}

const PLAN_FIELDS = [
  ['params', 'Parameters', '7B', 'text'], ['tokens', 'Tokens', '2T', 'text'], ['gpu', 'GPU', 'A100-80GB', 'text'],
  ['gpus', 'GPUs', 'fewest that fit', 'number'], ['mfu', 'MFU (optional)', 'calibrated default', 'number'],
];
/** Large counts as "3.14e23"; small ones as plain numbers. */
const sci = v => (v === null || v === undefined) ? '—' : (Math.abs(v) >= 1e6 ? Number(v).toExponential(2).replace('e+', 'e') : String(v));
const gib = b => (b === null || b === undefined) ? '—' : (b / 2 ** 30).toFixed(1) + ' GiB';

async function planner(params) {
  const inputs = Object.fromEntries(PLAN_FIELDS.map(([k, label, hint, type]) => [k,
    el('input', { id: 'plan-' + k, name: k, type, placeholder: hint, value: params.get(k) || '', step: type === 'number' ? 'any' : undefined })]));
  const form = el('form', { class: 'planner-form', id: 'plan-form', onsubmit: e => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k] of PLAN_FIELDS) if (inputs[k].value.trim()) p.set(k, inputs[k].value.trim());
    const next = '#/planner?' + p;
    if (location.hash === next) render(); else location.hash = next;
  } }, PLAN_FIELDS.map(([k, label]) => el('label', {}, label, inputs[k])), el('button', { type: 'submit' }, 'Plan'));
  const out = [el('h1', {}, 'Training planner'),
    el('p', {}, 'Size a pre-training run: compute, time, memory and cost, with every assumption and its source.'), form];
  if (!params.get('params') && !params.get('tokens') && !params.get('gpu')) return out;
  const body = {};
  for (const k of ['params', 'tokens', 'gpu']) if (params.get(k)) body[k] = params.get(k);
  for (const k of ['gpus', 'mfu']) if (params.get(k)) body[k] = Number(params.get(k));
  let plan;
  try {
    plan = await api('/api/v1/plans/train', { body });
  } catch (e) {
    if (e instanceof LoginRequired) throw e;
    out.push(el('p', { class: 'error', id: 'plan-error', role: 'alert' }, e.message));
    return out;
  }
  const flops = card('Total FLOPs', sci(plan.total_flops), 'plan-flops');
  flops.dataset.value = String(plan.total_flops);
  out.push(
    el('div', { class: 'cards', id: 'plan-result' },
      flops,
      card('GPU-hours', num(plan.gpu_hours, 0), 'plan-gpu-hours'),
      card('Wall clock', num(plan.wall_clock_hours, 1) + ' h (' + num(plan.wall_clock_days, 1) + ' d)', 'plan-wall-clock'),
      card('MFU', pct(plan.mfu), 'plan-mfu'),
      card('Memory per GPU', gib(plan.memory_per_gpu_bytes) + (plan.fits ? '' : ' (does not fit)'), 'plan-memory'),
      card('Fewest GPUs', String(plan.min_gpus), 'plan-min-gpus')),
    el('p', {}, `${plan.gpus} × ${plan.gpu}, ZeRO-${plan.zero_stage}, TP ${plan.tp}, PP ${plan.pp}, DP ${plan.dp}`),
    el('h2', {}, 'Cost'),
    table([
      ['Option', c => c.option + (c.offer ? ' (' + c.offer + ')' : '')],
      ['Total', c => usd(c.total_usd)],
      ['Per GPU-hour', c => usd(c.usd_per_gpu_hour)],
      ['Source', c => c.source || c.read || ''],
    ], plan.costs || [], { class: 'plan-costs', id: 'plan-costs' }),
    el('h2', {}, 'Assumptions'),
    table([['Name', a => a.name], ['Value', a => a.value], ['Source', a => a.source]], plan.assumptions || [],
      { class: 'plan-assumptions', id: 'plan-assumptions' }));
  return out;
}

const SERVE_WINDOWS = [['1h', 'last hour'], ['6h', 'last 6 hours'], ['24h', 'last 24 hours'], ['7d', 'last 7 days']];
const perPrediction = v => (v === null || v === undefined) ? '—' : '$' + (v >= 0.01 ? Number(v).toFixed(4) : Number(v).toPrecision(3));
const ms = v => (v === null || v === undefined) ? '—' : num(v, v < 10 ? 2 : 0) + ' ms';

function windowSelect(base, since) {
  return el('label', { class: 'filter' }, 'Window ', el('select', { id: 'window', onchange: e => { location.hash = base + '?since=' + e.target.value; } },
    SERVE_WINDOWS.map(([v, label]) => { const o = el('option', { value: v }, label); if (v === since) o.selected = true; return o; })));
}

/** Hourly values as a step line: each hour from its start to its end (or now), so one hour already draws. */
function hourSteps(hours, value, now) {
  return hours.filter(h => value(h) !== null && value(h) !== undefined).flatMap(h => {
    const start = new Date(h.hour).getTime();
    return [[start, value(h)], [Math.min(start + 3600e3, now), value(h)]];
  });
}

async function deployments(params) {
  const since = params.get('since') || '6h';
  const list = await api('/api/v1/deployments');
  const stats = await Promise.all(list.map(d => api('/api/v1/deployments/' + encodeURIComponent(d.name) + '/stats?since=' + since).catch(() => null)));
  const rows = list.map((d, i) => ({ d, s: stats[i] }));
  return [
    el('h1', {}, 'Deployments'),
    windowSelect('#/deployments', since),
    rows.length === 0 ? el('p', { class: 'empty', id: 'deployments-note' }, 'No deployments. Deploy a model with `gantry deploy create`.') : table([
      ['Name', r => el('a', { href: '#/deployments/' + encodeURIComponent(r.d.name) + '?since=' + since }, r.d.name)],
      ['Model', r => `${r.d.model}@${r.d.serving_version ?? r.d.version}`],
      ['Status', r => el('span', { class: 'state ' + r.d.status }, r.d.status)],
      ['Replicas', r => String(r.d.replicas)], ['Ready', r => String(r.d.ready_replicas)],
      ['p50', r => ms(r.s?.latency_p50_ms)], ['p99', r => ms(r.s?.latency_p99_ms)],
      ['Predictions/s', r => r.s ? num(r.s.predictions_per_second, 3) : '—'],
      ['Predictions', r => r.s ? String(r.s.predictions) : '—'],
      ['Cost', r => r.s ? usd(r.s.cost_usd) : '—'],
      ['Cost/prediction', r => perPrediction(r.s?.cost_per_prediction)],
    ], rows, { class: 'deployments', id: 'deployments-table' }),
  ];
}

async function deploymentDetail(name, params) {
  const since = params.get('since') || '6h';
  const [d, s] = await Promise.all([
    api('/api/v1/deployments/' + name),
    api('/api/v1/deployments/' + name + '/stats?since=' + since),
  ]);
  const now = new Date(s.window_end).getTime();
  const chart = (id, series, opts) => { const c = lineChart(series, opts); c.id = id; return c; };
  const replicaPoints = s.replicas.flatMap(r => [[new Date(r.start).getTime(), r.replicas], [r.end ? new Date(r.end).getTime() : now, r.replicas]]);
  return [
    el('p', {}, el('a', { href: '#/deployments?since=' + since }, '← all deployments')),
    el('h1', {}, 'Deployment ', el('span', { id: 'deployment-name' }, d.name)),
    windowSelect('#/deployments/' + encodeURIComponent(d.name), since),
    el('div', { class: 'cards' },
      card('Model', `${d.model}@${d.serving_version ?? d.version}`, 'card-model'),
      card('Replicas', `${d.ready_replicas} / ${d.replicas}`, 'card-replicas'),
      card('Predictions', String(s.predictions), 'card-predictions'),
      card('p50 / p99', `${ms(s.latency_p50_ms)} / ${ms(s.latency_p99_ms)}`, 'card-latency'),
      card('Cost', usd(s.cost_usd), 'card-cost'),
      card('Cost per prediction', perPrediction(s.cost_per_prediction), 'card-cost-per-prediction')),
    el('p', {}, `${when(s.window_start)} – ${when(s.window_end)}: ${s.requests} requests, ${s.failures} failed, status ${d.status}`),
    chart('chart-throughput', [{ name: 'predictions/s', points: hourSteps(s.hours, h => h.predictions_per_second, now) }],
      { title: 'Throughput per hour (predictions/s)', time: true, empty: 'No predictions in this window.' }),
    chart('chart-latency', [
      { name: 'p50 ms', points: hourSteps(s.hours, h => h.latency_p50_ms, now) },
      { name: 'p99 ms', points: hourSteps(s.hours, h => h.latency_p99_ms, now) }],
      { title: 'Latency per hour (ms)', time: true, empty: 'No answered requests in this window.' }),
    chart('chart-replicas', [{ name: 'replicas', points: replicaPoints }],
      { title: 'Replicas over time', time: true, empty: 'No replicas ran in this window.' }),
    table([
      ['From', r => when(r.start)], ['To', r => r.end ? when(r.end) : 'now'], ['Version', r => String(r.version)],
      ['Replicas', r => String(r.replicas)], ['Device', r => r.device], ['CPUs each', r => num(r.cpus_per_replica, 1)],
      ['Memory each', r => gib(r.memory_bytes_per_replica)], ['Cost', r => usd(r.cost_usd)],
    ], s.replicas, { class: 'spans', id: 'spans-table' }),
    (s.notes || []).length ? el('ul', { class: 'notes' }, s.notes.map(n => el('li', {}, n))) : null,
  ];
}

// ---- router ---------------------------------------------------------------------------------
async function render() {
  takeTokenFromFragment();
  if (!token()) { showLogin(); return; }
  login.hidden = true;
  header.hidden = false;
  const [path, query] = (location.hash.replace(/^#\/?/, '') || 'overview').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/');
  const page = parts[0] || 'overview';
  document.body.dataset.page = page;
  for (const a of header.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.page === page);
  main.dataset.state = 'loading';
  const seq = (render.seq = (render.seq || 0) + 1);
  try {
    if (!whoami) {
      whoami = await api('/api/v1/whoami');
      document.getElementById('who').textContent = whoami.user + (whoami.is_admin ? ' (admin)' : '');
      document.getElementById('nav-audit').hidden = !whoami.is_admin;
    }
    let content;
    if (page === 'overview') content = await overview();
    else if (page === 'jobs' && parts[1]) content = await jobDetail(encodeURIComponent(parts[1]));
    else if (page === 'jobs') content = await jobs(params);
    else if (page === 'cost') content = await cost(params);
    else if (page === 'budgets') content = await budgets();
    else if (page === 'audit') content = await audit(params);
    else if (page === 'deployments' && parts[1]) content = await deploymentDetail(encodeURIComponent(decodeURIComponent(parts[1])), params);
    else if (page === 'deployments') content = await deployments(params);
    else if (page === 'planner') content = await planner(params);
    else content = [el('h1', {}, 'Not found'), el('p', {}, 'No such page.')];
    if (seq !== render.seq) return;
    main.replaceChildren(...content.filter(c => c !== null && c !== undefined));
    main.dataset.state = 'ready';
  } catch (e) {
    if (e instanceof LoginRequired) return;
    if (seq !== render.seq) return;
    main.replaceChildren(el('h1', {}, 'Something went wrong'), el('p', { class: 'error' }, e.message));
    main.dataset.state = 'error';
  }
}

document.getElementById('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const value = document.getElementById('token-input').value.trim();
  if (!value) return;
  sessionStorage.setItem(TOKEN_KEY, value);
  whoami = null;
  await render();
});
document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', render);
render();
"""";

    private const string StyleCss = """"
:root { --fg: #1d2330; --muted: #667085; --bg: #f6f7f9; --card: #fff; --line: #d0d5dd; --accent: #2e5aac; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #1d2330; color: #fff; }
header[hidden], section[hidden], a[hidden] { display: none; }
.brand { font-weight: 700; letter-spacing: .04em; }
nav { display: flex; gap: 1rem; flex: 1; }
nav a { color: #c8d1e0; text-decoration: none; }
nav a.active { color: #fff; border-bottom: 2px solid #fff; }
#who { color: #c8d1e0; }
main { padding: 1rem 1.2rem; max-width: 1100px; }
#login { display: flex; justify-content: center; padding-top: 12vh; }
#login form { background: var(--card); padding: 1.5rem 2rem; border: 1px solid var(--line); border-radius: 8px; width: 26rem; display: grid; gap: .5rem; }
#login input { font: inherit; padding: .4rem; }
#login-error { color: #b42318; min-height: 1.2em; }
button { font: inherit; padding: .3rem .8rem; cursor: pointer; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .8rem; margin-bottom: 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .7rem 1rem; }
.card-label { color: var(--muted); font-size: 12px; text-transform: uppercase; }
.card-value { font-size: 24px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: var(--card); margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); text-transform: uppercase; }
.state { padding: 0 .4rem; border-radius: 4px; background: #eaecf0; }
.state.running { background: #d1e9ff; } .state.succeeded { background: #d1fadf; }
.state.failed { background: #fee4e2; } .state.queued { background: #fef0c7; }
.chart { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .5rem; margin: 0 0 1rem; }
.chart figcaption { color: var(--muted); font-size: 12px; margin-bottom: .3rem; }
.chart svg { width: 100%; height: auto; display: block; }
.axis { stroke: #98a2b3; } .grid { stroke: #eaecf0; }
.tick { font-size: 11px; fill: var(--muted); }
.series { fill: none; stroke-width: 2; }
polyline.s0 { stroke: #2e5aac; } polyline.s1 { stroke: #e07b00; } polyline.s2 { stroke: #12b76a; }
polyline.s3 { stroke: #b42318; } polyline.s4 { stroke: #7a5af8; } polyline.s5 { stroke: #0e9384; }
rect.s0 { fill: #2e5aac; } rect.s1 { fill: #e07b00; } rect.s2 { fill: #12b76a; }
rect.s3 { fill: #b42318; } rect.s4 { fill: #7a5af8; } rect.s5 { fill: #0e9384; }
.legend { list-style: none; display: flex; gap: 1rem; padding: 0; margin: .3rem 0 0; font-size: 12px; }
.legend li::before { content: "■ "; }
.legend li.s0::before { color: #2e5aac; } .legend li.s1::before { color: #e07b00; } .legend li.s2::before { color: #12b76a; }
.legend li.s3::before { color: #b42318; } .legend li.s4::before { color: #7a5af8; } .legend li.s5::before { color: #0e9384; }
.empty { color: var(--muted); }
.error { color: #b42318; }
.filter { display: inline-flex; gap: .5rem; align-items: center; margin-bottom: .5rem; }
.facts { display: grid; grid-template-columns: 10rem 1fr; gap: .2rem 1rem; background: var(--card); padding: .8rem; border: 1px solid var(--line); border-radius: 8px; }
.facts dt { color: var(--muted); } .facts dd { margin: 0; word-break: break-all; }
pre.log { background: #101828; color: #e4e7ec; padding: .7rem; border-radius: 6px; max-height: 24rem; overflow: auto; white-space: pre-wrap; }
.meter { display: inline-flex; gap: .4rem; align-items: center; }
.planner-form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8rem; margin-bottom: 1rem; }
.planner-form label { display: grid; gap: .2rem; color: var(--muted); font-size: 12px; }
.planner-form input { font: inherit; padding: .3rem; width: 10rem; }
.meter-back { fill: #eaecf0; } .meter-fill { fill: #2e5aac; } .meter-over { fill: #d92d20; }
"""";

}
