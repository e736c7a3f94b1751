/**
 * Drawing a Graph: a tree of lines for the terminal (box-drawing characters and colour on a
 * terminal, plain ASCII when piped or NO_COLOR), fitted to a width; or Graphviz DOT.
 */
import type { Edge, Graph, Vertex } from './graph.js';

export interface DrawStyle {
  fancy: boolean;
  width: number;
}

const SHORT: Record<string, string> = {
  Deployment: 'deploy', ReplicaSet: 'rs', Pod: 'pod', Service: 'svc', EndpointSlice: 'slice', Ingress: 'ing', Node: 'node',
  StatefulSet: 'sts', DaemonSet: 'ds', Job: 'job', CronJob: 'cj', ReplicationController: 'rc',
};

const GLYPHS = {
  fancy: { tee: '├─ ', last: '└─ ', bar: '│  ', gap: '   ', more: '…' },
  plain: { tee: '|- ', last: '`- ', bar: '|  ', gap: '   ', more: '...' },
};

const colour = (text: string, ok: boolean, fancy: boolean) => (fancy ? `\x1b[${ok ? 32 : 33}m${text}\x1b[39m` : text);
const dim = (text: string, fancy: boolean) => (fancy ? `\x1b[2m${text}\x1b[22m` : text);

/** The tree under the root, one line per vertex; a pod's node is drawn on the pod's line. */
export function drawTree(g: Graph, style: DrawStyle): string {
  const byId = new Map(g.vertices.map((v) => [v.id, v]));
  const children = new Map<string, Edge[]>();
  for (const e of g.edges) children.set(e.from, [...(children.get(e.from) ?? []), e]);
  const glyphs = style.fancy ? GLYPHS.fancy : GLYPHS.plain;
  const lines: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string, prefix: string, branch: string, edge?: Edge) => {
    const v = byId.get(id);
    if (!v) return;
    const kids = (children.get(id) ?? []).filter((e) => byId.get(e.to)?.kind !== 'Node' || v.kind !== 'Pod');
    const node = v.kind === 'Pod' ? (children.get(id) ?? []).map((e) => byId.get(e.to)).find((x) => x?.kind === 'Node') : undefined;
    lines.push(fit(prefix + branch, line(v, edge, node), style, glyphs.more));
    if (seen.has(id)) return;
    seen.add(id);
    const childPrefix = prefix + (branch === glyphs.tee ? glyphs.bar : branch === glyphs.last ? glyphs.gap : '');
    kids.forEach((e, i) => visit(e.to, childPrefix, i === kids.length - 1 ? glyphs.last : glyphs.tee, e));
  };
  visit(g.root, '', '');
  return lines.join('\n') + '\n';
}

interface Part {
  text: string;
  ok?: boolean;
  /** Dropped first when the line is too wide. */
  optional?: boolean;
  /** Cut (in its middle) when the line is still too wide. */
  shrink?: boolean;
}

function line(v: Vertex, edge: Edge | undefined, node: Vertex | undefined): Part[] {
  const parts: Part[] = [{ text: `${SHORT[v.kind] ?? v.kind.toLowerCase()}/${v.name}`, shrink: true }];
  const label = edge?.label && edge.label !== 'runs on' ? edge.label : undefined;
  // A pod reached through an endpoint shows the endpoint's address in place of its own IP.
  if (v.kind === 'Pod' && label) parts.push({ text: label });
  if (v.status) parts.push({ text: v.status, ok: v.ok });
  if (v.kind !== 'Pod' && label) parts.push({ text: `[${label}]` });
  if (v.info && !(v.kind === 'Pod' && label)) parts.push({ text: v.info, optional: true });
  if (node) parts.push({ text: `on ${node.name}${node.ok ? '' : ` (${node.status})`}`, ok: node.ok ? undefined : false });
  return parts;
}

/** Joins the parts within the width: drops optional parts, then tightens spacing, then shortens the name. */
function fit(prefix: string, parts: Part[], style: DrawStyle, more: string): string {
  const render = (ps: Part[], sep: string, paint: boolean) =>
    prefix + ps.map((p) => (paint && p.ok !== undefined ? colour(p.text, p.ok, style.fancy) : paint && p.optional ? dim(p.text, style.fancy) : p.text)).join(sep);
  let ps = parts;
  let sep = '  ';
  if (render(ps, sep, false).length > style.width) ps = ps.filter((p) => !p.optional);
  if (render(ps, sep, false).length > style.width) sep = ' ';
  const over = render(ps, sep, false).length - style.width;
  if (over > 0) {
    ps = ps.map((p) => {
      if (!p.shrink || p.text.length - over - more.length < 8) return p;
      const keep = p.text.length - over - more.length;
      const head = Math.ceil(keep / 2);
      return { ...p, text: p.text.slice(0, head) + more + p.text.slice(p.text.length - (keep - head)) };
    });
  }
  const plain = render(ps, sep, false);
  if (plain.length > style.width) return plain.slice(0, style.width - more.length) + more;
  return render(ps, sep, true);
}

/** Graphviz DOT: one vertex per object, edges labelled with ports and addresses. */
export function toDot(g: Graph): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const shape: Record<string, string> = { Node: 'box3d', Service: 'ellipse', Ingress: 'hexagon', EndpointSlice: 'note' };
  const out = [`digraph ${q(g.root)} {`, '  rankdir=LR;', '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const v of g.vertices) {
    const label = `${v.kind.toLowerCase()}/${v.name}\n${v.status}${v.info ? `\n${v.info}` : ''}`;
    const attrs = [`label=${q(label)}`, `color=${v.ok ? '"#2e7d32"' : '"#e65100"'}`];
    if (shape[v.kind]) attrs.push(`shape=${shape[v.kind]}`);
    if (!v.ok) attrs.push('fillcolor="#fff3e0"');
    out.push(`  ${q(v.id)} [${attrs.join(', ')}];`);
  }
  for (const e of g.edges) out.push(`  ${q(e.from)} -> ${q(e.to)}${e.label ? ` [label=${q(e.label)}]` : ''};`);
  out.push('}');
  return out.join('\n') + '\n';
}
