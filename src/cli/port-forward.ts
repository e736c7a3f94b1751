/**
 * `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE...`: local ports that reach a simulated pod's
 * port, as kubectl's do through the kubelet. The pod is found as kubectl finds it (a Service's or a
 * workload's pick), a Service's port translated to its pod's target port, named ports looked up, the
 * same errors in the same order; then each local address and port listens (localhost: 127.0.0.1 and
 * ::1), `Forwarding from ...` once each, `Handling connection for N` per connection. What arrives is
 * read as HTTP (what the simulated servers speak) and answered by the pod's server through the
 * dataplane, from inside the pod (localhost:REMOTE), at the simulated moment of the request. A
 * connection to a port nothing listens on gets kubectl's error line, and then, as kubectl v1.32
 * closes its connection to the pod on such an error, `error: lost connection to pod` (exit 1).
 * Ctrl-C ends it (exit 0).
 */
import { createServer, isIP, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KubeObject } from '../api/types.js';
import type { Snapshot } from '../store/types.js';
import { CliError, RawError } from '../errors.js';
import type { Context, VerbSpec } from './framework.js';
import { podRunningTimeoutFlag, podRunningTimeoutOf } from './pod-running-timeout.js';
import { forwardingServer } from '../util/http-forwarding.js';
import { untilAborted } from '../util/abort.js';
import { klogPrefix } from './index.js';
import { resolvePod } from './workload-pods.js';

/** [LOCAL PORT:]REMOTE PORT, split as kubectl splits it. */
function splitPort(spec: string): [local: string, remote: string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}

const isNumber = (s: string) => /^[+-]?\d+$/.test(s);

function containerPortByName(pod: KubeObject, name: string): number {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === name) return Number(p.containerPort);
  throw new CliError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

function servicePortByName(svc: KubeObject, name: string): number {
  for (const p of svc.spec?.ports ?? []) if (p.name === name) return Number(p.port);
  throw new CliError(`Service '${svc.metadata.name}' does not have a named port '${name}'`);
}

/** The container port behind the Service's port `port` on `pod` (its targetPort, by number or by name). */
function containerPortForServicePort(svc: KubeObject, pod: KubeObject, port: number): number {
  for (const p of svc.spec?.ports ?? []) {
    if (Number(p.port) !== port) continue;
    const target = p.targetPort;
    if (target === undefined || target === 0 || target === '') return port;
    if (typeof target === 'number' || isNumber(String(target))) return Number(target);
    return containerPortByName(pod, String(target));
  }
  throw new CliError(`Service ${svc.metadata.name} does not have a service port ${port}`);
}

/** kubectl refuses a port only UDP uses (port-forward carries TCP). */
function checkUdpPorts(specs: string[], ports: Array<{ port: number; protocol?: string }>, byName: (name: string) => number): void {
  const udp = new Set(ports.filter((p) => p.protocol === 'UDP').map((p) => p.port));
  for (const p of ports) if ((p.protocol ?? 'TCP') === 'TCP') udp.delete(p.port);
  for (const spec of specs) {
    const remote = splitPort(spec)[1];
    const port = isNumber(remote) ? Number(remote) : byName(remote);
    if (udp.has(port)) throw new CliError(`UDP protocol is not supported for ${remote}`);
  }
}

/** kubectl's translateServicePortToTargetPort: a Service's ports as the pod's. */
export function servicePortsToPod(specs: string[], svc: KubeObject, pod: KubeObject): string[] {
  checkUdpPorts(specs, (svc.spec?.ports ?? []).map((p: any) => ({ port: Number(p.port), protocol: p.protocol })), (name) => servicePortByName(svc, name));
  return specs.map((spec) => {
    let [local, remote] = splitPort(spec);
    let port = Number(remote);
    if (!isNumber(remote)) {
      port = servicePortByName(svc, remote);
      if (local === remote) local = String(port);
    }
    const target = String(containerPortForServicePort(svc, pod, port));
    return local !== target ? `${local}:${target}` : target;
  });
}

/** kubectl's convertPodNamedPortToNumber: named container ports as numbers. */
export function podPortsToNumbers(specs: string[], pod: KubeObject): string[] {
  const declared = (pod.spec?.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => ({ port: Number(p.containerPort), protocol: p.protocol })));
  checkUdpPorts(specs, declared, (name) => containerPortByName(pod, name));
  return specs.map((spec) => {
    const [local, remote] = splitPort(spec);
    if (remote === '') throw new CliError('remote port cannot be empty');
    const target = isNumber(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${target}` : target;
  });
}

export interface ForwardedPort {
  local: number;
  remote: number;
}

/** Go's strconv.ParseUint(s, 10, 16) error, as kubectl prints it. */
function parsePort(s: string, which: 'local' | 'remote'): number {
  if (!/^\d+$/.test(s)) throw new CliError(`error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535) throw new CliError(`error parsing ${which} port '${s}': strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** client-go's parsePorts. */
export function parsePorts(specs: string[]): ForwardedPort[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new CliError(`invalid port format '${spec}'`);
    const local = parts.length === 2 ? parts[0] || '0' : parts[0]!;
    const remote = parts.length === 2 ? parts[1]! : parts[0]!;
    const l = parsePort(local, 'local');
    const r = parsePort(remote, 'remote');
    if (r === 0) throw new CliError('remote port must be > 0');
    return { local: l, remote: r };
  });
}

/** --address values to the addresses listened on: localhost is 127.0.0.1 and ::1. */
export function listenAddresses(values: string[]): string[] {
  return values.flatMap((v) => {
    if (v === 'localhost') return ['127.0.0.1', '::1'];
    if (isIP(v)) return [v];
    throw new CliError(`${v} is not a valid IP`);
  });
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export const verb: VerbSpec = {
  name: 'port-forward',
  summary: 'Forward one or more local ports to a pod',
  usage: 'TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]',
  examples: `  # Local port 8080 to port 80 of a pod of the web Service (its targetPort), then ask it
  kubectl-lite port-forward svc/web 8080:80 &
  curl -s localhost:8080/

  # A random local port to the pod's port named http
  kubectl-lite port-forward pod/web :http`,
  flags: [
    { name: 'address', type: 'strings', default: 'localhost', description: 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value. When localhost is supplied, kubectl will try to bind on both 127.0.0.1 and ::1 and will fail if neither of these addresses are available to bind.' },
    podRunningTimeoutFlag('1m0s'),
  ],
  async run(ctx, args, flags) {
    if (args.length < 2) {
      throw new RawError(`error: TYPE/NAME and list of ports are required for port-forward\nSee '${ctx.programName} port-forward -h' for help and examples`);
    }
    podRunningTimeoutOf(ctx, flags, true);
    const signal = ctx.signal;
    const session = ctx.session();
    const specs = args.slice(1);
    const { pod, ports } = session.read((api) => {
      const found = resolvePod(api, session.namespace, args[0]!);
      const slash = args[0]!.indexOf('/');
      const type = slash < 0 ? undefined : api.registry.resolve(args[0]!.slice(0, slash));
      const obj = type?.kind === 'Service' ? api.get(type, session.namespace, args[0]!.slice(slash + 1)) : undefined;
      return { pod: found, ports: obj ? servicePortsToPod(specs, obj, found) : podPortsToNumbers(specs, found) };
    });
    const phase = pod.status?.phase;
    if (phase !== 'Running') throw new CliError(`unable to forward port because pod is not running. Current status=${phase ?? ''}`);
    const forwarded = parsePorts(ports);
    const given = flags.address as string[] | string | undefined;
    const addresses = listenAddresses((Array.isArray(given) ? given : [given ?? 'localhost']).flatMap((a) => a.split(',')));
    const servers: Server[] = [];
    const sockets = new Set<Duplex>();
    const { forwardRefusal, forwardRequest } = await import('../dataplane/port-forward.js');
    const atNow = <T>(fn: (snap: Snapshot, now: number) => T): T => session.store.read((snap) => fn(snap, session.simulatedNow(snap)));
    let lose = () => {};
    const lost = new Promise<boolean>((resolve) => (lose = () => resolve(true)));
    // kubectl's klog line for a connection it could not forward; then it drops its connection to the pod.
    const failed = (port: ForwardedPort, error: string, socket: Duplex) => {
      const message = `an error occurred forwarding ${port.local} -> ${port.remote}: ${error}`;
      ctx.io.err.write(`${klogPrefix(ctx, 'E')} portforward.go:424] "Unhandled Error" err=${JSON.stringify(message)}\n`);
      // Closed as kubectl closes it: what the client sent is read first, so it gets an end, not a reset.
      socket.resume();
      socket.end();
      lose();
    };
    let listening = false;
    for (const port of forwarded) {
      const failures: string[] = [];
      let local = port.local;
      for (const address of addresses) {
        const pair = () => ({ local, remote: port.remote });
        const http = forwardingServer(
          () => `localhost:${local}`,
          (r) => atNow((snap, now) => forwardRequest(snap, now, pod, port.remote, r)),
          (error, socket) => failed(pair(), error, socket),
        );
        // The connection to the pod's port is made when the local one is accepted, before anything is read.
        const server = createServer((socket) => {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          ctx.io.out.write(`Handling connection for ${local}\n`);
          const refusal = atNow((snap, now) => forwardRefusal(snap, now, pod, port.remote));
          if (refusal) failed(pair(), refusal, socket);
          else http.emit('connection', socket);
        });
        try {
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(local, address, () => resolve());
          });
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          const why = err.code === 'EADDRINUSE' ? 'bind: address already in use' : err.code === 'EADDRNOTAVAIL' ? 'bind: cannot assign requested address' : err.message;
          failures.push(`Unable to create listener: Error listen tcp${address.includes(':') ? '6' : '4'} ${hostPort(address, local)}: ${why}`);
          continue;
        }
        // Port 0: the port the first listener got is the one for the others too.
        local = (server.address() as AddressInfo).port;
        servers.push(server);
        ctx.io.out.write(`Forwarding from ${hostPort(address, local)} -> ${port.remote}\n`);
      }
      if (failures.length === addresses.length) ctx.io.err.write(`Unable to listen on port ${port.local}: all listeners failed to create with the following errors: ${failures.join(',')}\n`);
      else listening = true;
    }
    if (!listening) throw new CliError(`unable to listen on any of the requested ports: [${forwarded.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`);
    ctx.stopsCleanly?.();
    const wasLost = await Promise.race([untilAborted(signal).then(() => false), lost]);
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (wasLost) throw new CliError('lost connection to pod');
  },
};
