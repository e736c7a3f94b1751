/**
 * `kubectl certificate approve|deny (-f FILENAME | NAME ...)`: adds the Approved (or Denied)
 * condition to each CertificateSigningRequest through its /approval subresource, as kubectl does;
 * the csr-signing controller then issues an approved kube-apiserver-client request's certificate.
 */
import { updateApproval } from '../api/certificates.js';
import { kindPrefix, qualifiedName, type ResourceType } from '../api/registry.js';
import type { ApiServer } from '../api/server.js';
import { deepClone, type KubeObject } from '../api/types.js';
import { ApiError, CliError } from '../errors.js';
import type { Context, FlagSpec, FlagValues, VerbSpec } from './framework.js';
import { failAggregate } from './aggregate-errors.js';
import { pathsWithArgumentsError, splitResourceTypeName } from './resource-args.js';
import { OUTPUT_FLAG, outputOf, PRINT_FLAGS, printResults, readDocuments, resolveDocs } from './manifest-objects.js';

interface Decision {
  verb: 'approve' | 'deny';
  condition: 'Approved' | 'Denied';
  opposite: 'Approved' | 'Denied';
  reason: string;
  message: string;
  done: string;
}

const APPROVE: Decision = {
  verb: 'approve', condition: 'Approved', opposite: 'Denied', reason: 'KubectlApprove',
  message: 'This CSR was approved by kubectl certificate approve.', done: 'approved',
};
const DENY: Decision = {
  verb: 'deny', condition: 'Denied', opposite: 'Approved', reason: 'KubectlDeny',
  message: 'This CSR was denied by kubectl certificate deny.', done: 'denied',
};

/**
 * The request with the decision's condition added, or as it is when it already has one (then only
 * --force writes it again); a request already given the opposite decision is an error.
 */
function decided(csr: KubeObject, d: Decision, now: string): { csr: KubeObject; had: boolean } {
  const conditions = (csr.status?.conditions ?? []) as Array<{ type?: string }>;
  let had = false;
  for (const c of conditions) {
    if (c.type === d.opposite) throw new CliError(`certificate signing request "${csr.metadata.name}" is already ${d.opposite}`);
    if (c.type === d.condition) had = true;
  }
  if (had) return { csr, had };
  const next = deepClone(csr);
  next.status ??= {};
  (next.status.conditions ??= []).push({ type: d.condition, status: 'True', reason: d.reason, message: d.message, lastUpdateTime: now });
  return { csr: next, had };
}

/** A name argument as kubectl's builder takes it (ResourceNames): a request's name, or TYPE/NAME of any type. */
function namedRef(api: ApiServer, csr: ResourceType, arg: string): { type: ResourceType; name: string } {
  if (!arg.includes('/')) return { type: csr, name: arg };
  const { typeArg, name } = splitResourceTypeName(arg);
  return { type: api.registry.resolve(typeArg), name };
}

/** The requests named (or in the files); one that is not there is an error, reported after the others as kubectl's builder does. */
function requests(ctx: Context, api: ApiServer, names: string[], docs: Awaited<ReturnType<typeof readDocuments>> | undefined, errors: unknown[]): KubeObject[] {
  const type = api.registry.forKind('certificates.k8s.io/v1', 'CertificateSigningRequest')!;
  const found: KubeObject[] = [];
  const refs = docs ? resolveDocs(ctx, api, ctx.session(), docs).map((r) => ({ type, name: r.name })) : names.map((arg) => namedRef(api, type, arg));
  // The builder is given no namespace: a namespaced TYPE/NAME cannot be fetched at all.
  if (refs.some((r) => r.type.namespaced)) throw new CliError('namespace may not be empty when retrieving a resource by name');
  for (const ref of refs) {
    const obj = api.tryGet(ref.type, undefined, ref.name);
    if (!obj) errors.push(new ApiError('NotFound', 404, `${qualifiedName(ref.type)} "${ref.name}" not found`));
    else if (ref.type !== type) errors.push(new CliError(`can only handle CertificateSigningRequest.certificates.k8s.io objects, got ${obj.kind}`));
    else found.push(obj);
  }
  return found;
}

async function decide(ctx: Context, args: string[], flags: FlagValues, d: Decision): Promise<void> {
  const files = (flags.filename as string[] | undefined) ?? [];
  if (args.length === 0 && files.length === 0 && flags.kustomize === undefined) {
    throw new CliError(`one or more CSRs must be specified as <name> or -f <filename>`);
  }
  const fromFiles = files.length > 0 || flags.kustomize !== undefined;
  // The builder is given each name as certificatesigningrequests/NAME (TYPE/NAME as it is) beside the paths.
  if (fromFiles && args.length) throw pathsWithArgumentsError(args.map((a) => (a.includes('/') ? a : `certificatesigningrequests/${a}`)), flags, ctx.cwd);
  const docs = fromFiles ? await readDocuments(ctx, flags, `certificate ${d.verb}`) : undefined;
  const output = outputOf(flags);
  const printed: Array<{ object: KubeObject; type: ResourceType }> = [];
  const errors: unknown[] = [];
  const missing: unknown[] = [];
  ctx.session().write((api) => {
    const type = api.registry.forKind('certificates.k8s.io/v1', 'CertificateSigningRequest')!;
    for (const csr of requests(ctx, api, args, docs, missing)) {
      try {
        const { csr: next, had } = decided(csr, d, api.now());
        if (!had || flags.force === true) updateApproval(api, type, next, { fieldManager: 'kubectl' });
        // kubectl prints the request as it fetched it.
        if (output) printed.push({ object: csr, type });
        else ctx.io.out.write(`${kindPrefix(type)}/${csr.metadata.name} ${d.done}\n`);
      } catch (err) {
        errors.push(err);
      }
    }
  });
  // kubectl's visitor saw no request at all.
  if (docs?.length === 0) ctx.io.out.write('No resources found\n');
  if (output) await printResults(ctx, output, printed, 'separate', flags);
  failAggregate(ctx, [...errors, ...missing]);
}

const FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings', description: 'Filename, directory, or URL to files identifying the resource to update' },
  { name: 'recursive', short: 'R', type: 'bool', description: 'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.' },
  { name: 'kustomize', short: 'k', type: 'string', arg: 'string', description: "Process the kustomization directory. This flag can't be used together with -f or -R." },
  OUTPUT_FLAG,
  ...PRINT_FLAGS,
];

export const verb: VerbSpec = {
  name: 'certificate',
  summary: 'Modify certificate resources',
  usage: 'SUBCOMMAND',
  bareGroup: 'plain',
  subcommands: [
    {
      name: 'approve',
      summary: 'Approve a certificate signing request',
      usage: '(-f FILENAME | NAME) [flags]',
      flags: [...FLAGS, { name: 'force', type: 'bool', description: 'Update the CSR even if it is already approved.' }],
      run: (ctx, args, flags) => decide(ctx, args, flags, APPROVE),
    },
    {
      name: 'deny',
      summary: 'Deny a certificate signing request',
      usage: '(-f FILENAME | NAME) [flags]',
      flags: [...FLAGS, { name: 'force', type: 'bool', description: 'Update the CSR even if it is already denied.' }],
      run: (ctx, args, flags) => decide(ctx, args, flags, DENY),
    },
  ],
};
