/**
 * require() relative to a module, made when first needed. A static `import { createRequire } from
 * 'node:module'` in a module every command initialises costs each start node:module and the ES
 * module loader behind it (four of Node's internal modules, about 0.6 ms): the callers need it
 * only on rare paths (a CEL rule, an IP check).
 */
export function requireFrom(url: string): NodeRequire {
  const nodeModule =
    (process.getBuiltinModule?.('node:module') as typeof import('node:module') | undefined) ??
    // Node before 20.16 has no getBuiltinModule; the bundle every command runs is CommonJS.
    (typeof require === 'function' ? (require('node:module') as typeof import('node:module')) : undefined);
  if (!nodeModule) throw new Error('this Node.js has neither process.getBuiltinModule nor require');
  return nodeModule.createRequire(url);
}
