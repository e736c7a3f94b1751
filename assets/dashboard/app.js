// The kubectl-lite dashboard page: draws the state the server pushes (server-sent events) as SVG.
// Plain browser JavaScript, no libraries: nodes are boxes holding their pods, Services and
// Ingresses sit above with lines to what they send to, and live load runs move dots along them.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);
let current = null;
let selected = null;
let namespace = decodeURIComponent(location.hash.slice(1)) || '';

function el(name, attrs, parent, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function short(text, n) {
  return text.length > n ? text.slice(0, n - 1) + '\u2026' : text;
}

/** ok / waiting / failing / gone, from the STATUS column and readiness. */
function podClass(p) {
  const status = p.status.split(' ')[0];
  if (status === 'Terminating' || status === 'Completed' || status === 'Succeeded') return 'gone';
  if (/Error|CrashLoop|BackOff|Failed|ErrImage|Invalid|OOM|Evicted/.test(status)) return 'failing';
  return p.ok ? 'ok' : 'waiting';
}

const inNs = (o) => namespace === '*' || o.namespace === namespace;

function render(state) {
  if (state.error) {
    $('message').textContent = state.error;
    return;
  }
  current = state;
  $('cluster').textContent = state.cluster;
  $('clock').textContent = new Date(state.now).toISOString().replace('.000Z', 'Z');
  if (!namespace) namespace = state.view.namespaces.includes('default') ? 'default' : '*';
  const select = $('namespace');
  const wanted = ['*', ...state.view.namespaces];
  if ([...select.options].map((o) => o.value).join() !== wanted.join()) {
    select.innerHTML = '';
    for (const ns of wanted) select.appendChild(new Option(ns === '*' ? 'all namespaces' : ns, ns));
  }
  select.value = namespace;
  draw(state);
  sidebar(state);
}

function draw(state) {
  const svg = $('map');
  svg.innerHTML = '';
  const width = Math.max(640, $('canvas').clientWidth - 10);
  const view = state.view;
  const stopped = new Set(view.stoppedNodes);
  const links = el('g', { class: 'links' }, svg);
  const packets = el('g', { class: 'packets' }, svg);
  const anchors = new Map(); // id -> {x, y} where lines end (pods: left middle; services: bottom middle)
  const tops = new Map(); // id -> top middle (services, for ingress lines)

  // Ingresses, then Services, in rows.
  let y = 16;
  const ingresses = view.ingresses.filter(inNs);
  const services = view.services.filter(inNs);
  const row = (items, cls, label, h) => {
    if (!items.length) return;
    el('text', { x: 12, y: y + 6, class: 'section-label' }, svg, label);
    y += 16;
    const w = 190;
    const perRow = Math.max(1, Math.floor((width - 12) / (w + 14)));
    items.forEach((it, i) => {
      const x = 12 + (i % perRow) * (w + 14);
      const yy = y + Math.floor(i / perRow) * (h + 14);
      const g = el('g', { class: `${cls}${it.ok ? '' : ' noaddr'}`, 'data-id': it.id, transform: `translate(${x},${yy})` }, svg);
      el('title', {}, g, `${it.kind} ${it.namespace}/${it.name}\n${it.status}${it.info ? '\n' + it.info : ''}`);
      el('rect', { width: w, height: h }, g);
      el('text', { x: 10, y: 13, 'font-weight': 600 }, g, short(`${namespace === '*' ? it.namespace + '/' : ''}${it.name}`, 26));
      el('text', { x: 10, y: 29, class: 'pod-status' }, g, short(`${it.status}${it.info ? '  ' + it.info : ''}`, 32));
      anchors.set(it.id, { x: x + w / 2, y: yy + h });
      tops.set(it.id, { x: x + w / 2, y: yy });
    });
    y += Math.ceil(items.length / perRow) * (h + 14) + 6;
  };
  row(ingresses, 'ing', 'Ingresses', 40);
  row(services, 'svc', 'Services', 40);
  y += 24;

  // Nodes, as boxes holding their pods.
  el('text', { x: 12, y: y - 10, class: 'section-label' }, svg, 'Nodes');
  const boxW = 270;
  const perRow = Math.max(1, Math.floor((width - 30) / (boxW + 30)));
  const nodes = view.nodes;
  let rowTop = y;
  let rowHeight = 0;
  nodes.forEach((n, i) => {
    if (i > 0 && i % perRow === 0) {
      rowTop += rowHeight + 24;
      rowHeight = 0;
    }
    const pods = n.pods.filter(inNs);
    const h = 46 + pods.length * 26;
    rowHeight = Math.max(rowHeight, h);
    const x = 30 + (i % perRow) * (boxW + 30);
    const isStopped = stopped.has(n.name);
    const notReady = !n.status.startsWith('Ready');
    const g = el('g', { class: `node${notReady ? ' notready' : ''}`, 'data-node': n.name, 'data-status': n.status, transform: `translate(${x},${rowTop})` }, svg);
    el('rect', { class: 'node-box', width: boxW, height: h, rx: 6 }, g);
    el('text', { x: 10, y: 15, class: 'node-title' }, g, n.name);
    el('text', { x: 10, y: 31, class: 'node-status' }, g, `${n.status}${isStopped ? ' \u2022 kubelet stopped' : ''} \u2022 ${n.pods.length} pods`);
    const act = el('text', { x: boxW - 10, y: 15, 'text-anchor': 'end', class: 'action', 'data-action': isStopped ? 'node-start' : 'node-stop' }, g, isStopped ? 'start' : 'stop');
    act.addEventListener('click', (ev) => {
      ev.stopPropagation();
      act_(isStopped ? 'node-start' : 'node-stop', { node: n.name });
    });
    g.addEventListener('click', () => select({ type: 'node', node: n }));
    pods.forEach((p, j) => {
      const py = 40 + j * 26;
      const cls = podClass(p);
      const pg = el('g', { class: `pod ${cls}`, 'data-pod': `${p.namespace}/${p.name}`, 'data-status': p.status, transform: `translate(8,${py})` }, g);
      el('title', {}, pg, `${p.namespace}/${p.name}\n${p.status}${p.info ? '\n' + p.info : ''}`);
      el('rect', { width: boxW - 16, height: 22 }, pg);
      el('circle', { class: 'dot', cx: 10, cy: 11, r: 4 }, pg);
      el('text', { x: 20, y: 11 }, pg, short(p.name, 24));
      el('text', { x: boxW - 22, y: 11, 'text-anchor': 'end', class: 'pod-status' }, pg, p.status);
      pg.addEventListener('click', (ev) => {
        ev.stopPropagation();
        select({ type: 'pod', pod: p, node: n.name });
      });
      anchors.set(p.id, { x: x + 8, y: rowTop + py + 11 });
    });
  });
  const unscheduled = view.unscheduled.filter(inNs);
  let bottom = rowTop + rowHeight + 20;
  if (unscheduled.length) {
    el('text', { x: 12, y: bottom, class: 'section-label' }, svg, 'Not scheduled');
    unscheduled.forEach((p, j) => {
      const pg = el('g', { class: `pod ${podClass(p)}`, 'data-pod': `${p.namespace}/${p.name}`, 'data-status': p.status, transform: `translate(40,${bottom + 12 + j * 26})` }, svg);
      el('rect', { width: boxW - 16, height: 22 }, pg);
      el('circle', { class: 'dot', cx: 10, cy: 11, r: 4 }, pg);
      el('text', { x: 20, y: 11 }, pg, short(p.name, 24));
      el('text', { x: boxW - 22, y: 11, 'text-anchor': 'end', class: 'pod-status' }, pg, p.status);
      pg.addEventListener('click', () => select({ type: 'pod', pod: p }));
      anchors.set(p.id, { x: 40, y: bottom + 12 + j * 26 + 11 });
    });
    bottom += 24 + unscheduled.length * 26;
  }
  svg.setAttribute('width', width);
  svg.setAttribute('height', bottom + 20);

  // Lines: Service -> endpoint pods, Ingress -> Services.
  const paths = new Map(); // "from|to" -> path data
  const curve = (a, b) => {
    const dx = Math.max(30, Math.abs(b.x - a.x) / 3);
    return `M${a.x},${a.y} C${a.x},${a.y + 60} ${b.x - dx},${b.y} ${b.x},${b.y}`;
  };
  for (const s of services) {
    const from = anchors.get(s.id);
    for (const ep of s.endpoints) {
      const to = anchors.get(ep.pod);
      if (!from || !to) continue;
      const d = curve(from, to);
      paths.set(`${s.id}|${ep.pod}`, d);
      el('path', { d, class: `link${ep.ready ? '' : ' notready'}`, 'data-from': s.id, 'data-to': ep.pod }, links);
    }
  }
  for (const ing of ingresses) {
    const from = anchors.get(ing.id);
    for (const b of ing.services) {
      const to = tops.get(b.service);
      if (!from || !to) continue;
      const d = `M${from.x},${from.y} C${from.x},${from.y + 20} ${to.x},${to.y - 20} ${to.x},${to.y}`;
      paths.set(`${ing.id}|${b.service}`, d);
      el('path', { d, class: 'link ing' }, links);
    }
  }

  // Traffic of live load runs: dots along the lines to each pod that served in the last second.
  for (const run of state.traffic) {
    const [kind, name] = run.target.split('/');
    for (const p of run.pods) {
      if (!p.rate) continue;
      const pa = anchors.get(p.pod);
      // Inside the pod's chip, between its name and its status.
      if (pa) el('text', { x: pa.x + 178, y: pa.y, class: 'rate', 'text-anchor': 'end' }, packets, `${p.rate}/s`);
      for (const s of services) {
        if (!s.endpoints.some((e) => e.pod === p.pod)) continue;
        if (/^(svc|service|services)$/.test(kind || '') && s.name !== name) continue;
        const d = paths.get(`${s.id}|${p.pod}`);
        if (d) dots(packets, d, p.rate);
        for (const ing of ingresses) {
          if (/^(ing|ingress|ingresses)$/.test(kind || '') && ing.name === name) {
            const di = paths.get(`${ing.id}|${s.id}`);
            if (di) dots(packets, di, p.rate);
          }
        }
      }
    }
  }
}

function dots(parent, d, rate) {
  const n = Math.min(6, Math.max(1, Math.round(rate / 10)));
  const dur = Math.max(0.6, 2.2 - Math.min(rate, 200) / 120);
  for (let i = 0; i < n; i++) {
    const c = el('circle', { r: 3.5, class: 'packet' }, parent);
    el('animateMotion', { dur: `${dur}s`, repeatCount: 'indefinite', begin: `${(i * dur) / n}s`, path: d }, c);
  }
}

function sidebar(state) {
  const list = $('deployments');
  list.innerHTML = '';
  const deps = state.view.deployments.filter(inNs);
  if (!deps.length) list.innerHTML = '<li class="muted">none</li>';
  for (const d of deps) {
    const li = document.createElement('li');
    li.dataset.deployment = `${d.namespace}/${d.name}`;
    const label = document.createElement('span');
    label.textContent = `${namespace === '*' ? d.namespace + '/' : ''}${d.name}  ${d.ready}/${d.replicas}`;
    const buttons = document.createElement('span');
    for (const [text, delta] of [['\u2212', -1], ['+', 1]]) {
      const b = document.createElement('button');
      b.textContent = text;
      b.title = `scale to ${d.replicas + delta}`;
      b.dataset.scale = String(delta);
      b.disabled = d.replicas + delta < 0;
      b.onclick = () => act_('scale', { namespace: d.namespace, name: d.name, replicas: d.replicas + delta });
      buttons.appendChild(b);
    }
    li.append(label, buttons);
    list.appendChild(li);
  }
  const traffic = $('traffic');
  traffic.innerHTML = '';
  if (!state.traffic.length) traffic.innerHTML = '<li class="muted">no load running</li>';
  for (const r of state.traffic) {
    const li = document.createElement('li');
    const rate = r.pods.reduce((s, p) => s + p.rate, 0);
    li.textContent = `load ${r.target}: ${rate}/s, ${r.sent} sent, ${r.failed} failed`;
    traffic.appendChild(li);
  }
  if (selected) refreshSelection(state);
}

function select(sel) {
  selected = sel;
  refreshSelection(current);
}

function refreshSelection(state) {
  const box = $('details');
  box.className = '';
  box.innerHTML = '';
  if (selected.type === 'pod') {
    const p = state.view.nodes.flatMap((n) => n.pods).concat(state.view.unscheduled).find((x) => x.id === selected.pod.id);
    if (!p) {
      box.className = 'muted';
      box.textContent = `${selected.pod.name} is gone`;
      return;
    }
    const title = document.createElement('div');
    title.innerHTML = '<strong></strong><br><span></span><br><span class="muted"></span>';
    title.querySelector('strong').textContent = `${p.namespace}/${p.name}`;
    title.querySelectorAll('span')[0].textContent = p.status + (p.info ? `  ${p.info}` : '');
    title.querySelectorAll('span')[1].textContent = `why: kubectl-lite why pod/${p.name} -n ${p.namespace}`;
    const del = document.createElement('button');
    del.className = 'danger';
    del.textContent = 'delete pod';
    del.dataset.action = 'delete-pod';
    del.onclick = () => act_('delete-pod', { namespace: p.namespace, name: p.name });
    box.append(title, del);
  } else if (selected.type === 'node') {
    const n = state.view.nodes.find((x) => x.name === selected.node.name);
    box.textContent = n ? `${n.name}: ${n.status}, ${n.pods.length} pods` : 'gone';
  }
}

async function act_(action, body) {
  $('message').textContent = '\u2026';
  try {
    const res = await fetch(`/api/actions/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kubectl-lite': '1' }, body: JSON.stringify(body) });
    const out = await res.json();
    $('message').textContent = `$ ${out.command || action}\n${(out.stdout || '') + (out.stderr || out.error || '')}`.trim();
  } catch (err) {
    $('message').textContent = String(err);
  }
}

$('namespace').addEventListener('change', (e) => {
  namespace = e.target.value;
  location.hash = encodeURIComponent(namespace);
  if (current) render(current);
});
window.addEventListener('resize', () => current && draw(current));

fetch('/api/state').then((r) => r.json()).then(render).catch(() => undefined);
const events = new EventSource('/api/events');
events.addEventListener('state', (e) => {
  if (e.data) render(JSON.parse(e.data));
});
events.onopen = () => {
  $('live').textContent = 'live';
  $('live').className = 'live';
};
events.onerror = () => {
  $('live').textContent = 'reconnecting';
  $('live').className = 'live off';
};
