/**
 * client-go's check that the configuration a command runs with is usable (ConfirmUsable), over
 * kubectl-lite's config and the global flags that override it: the context, then the user's
 * credentials, then the cluster, every problem found; kubectl prints one as any error (a missing
 * context as "Error in configuration: ...") and several as a list. Then a --user naming no user.
 */
import { closeSync, openSync } from 'node:fs';
import { contextUser, type ContextEntry, type LiteConfig } from '../config.js';
import { CliError, RawError } from '../errors.js';
import { errnoText } from '../util/errno.js';
import type { GlobalFlags } from './framework.js';

/** Throws what kubectl says of an unusable configuration; returns the cluster and user the command uses. */
export function confirmUsable(cfg: LiteConfig, g: GlobalFlags, contextName: string, ctx: ContextEntry | undefined): { cluster: string; user: string } {
  const problems: string[] = [];
  if (!ctx) problems.push(`context was not found for specified context: ${contextName}`);
  const user = g.user ?? (ctx ? contextUser(ctx) : '');
  const userKnown = g.user === undefined || isUser(cfg, g.user);
  // The credentials of a user that does not exist are not looked at (kubectl names the user afterwards).
  if (userKnown) problems.push(...authProblems(user, cfg.users?.[user] ?? {}, g));
  const cluster = g.cluster ?? ctx?.cluster ?? '';
  if (g.cluster !== undefined && !isCluster(cfg, g.cluster)) problems.push(`no server found for cluster "${g.cluster}"`);
  else problems.push(...clusterProblems(cluster, cfg.clusters?.[cluster] ?? {}, g));
  if (problems.length === 1) {
    if (!ctx) throw new RawError(`Error in configuration: ${problems[0]}`);
    throw new CliError(problems[0]!);
  }
  if (problems.length > 1) throw new RawError(`Error in configuration: \n${problems.map((p) => `* ${p}`).join('\n')}`);
  if (!userKnown) throw new CliError(`auth info "${g.user}" does not exist`);
  return { cluster, user };
}

/** The clusters and users kubectl would find in this config as a kubeconfig (`config view`). */
function isCluster(cfg: LiteConfig, name: string): boolean {
  return Object.hasOwn(cfg.clusters ?? {}, name) || Object.values(cfg.contexts).some((c) => c.cluster === name);
}

function isUser(cfg: LiteConfig, name: string): boolean {
  return Object.hasOwn(cfg.users ?? {}, name) || Object.values(cfg.contexts).some((c) => contextUser(c) === name);
}

/** A kubeconfig entry's field when it is non-empty text. */
export const entryText = (entry: Record<string, unknown>, key: string): string | undefined => (typeof entry[key] === 'string' && entry[key] !== '' ? (entry[key] as string) : undefined);
const text = entryText;

/** The client certificate the command presents: --client-certificate over the user's file or data. */
export function clientCertificateOf(entry: Record<string, unknown>, g: GlobalFlags): { certFile?: string; certData?: string } {
  return { certFile: g.clientCertificate || text(entry, 'client-certificate'), certData: g.clientCertificate ? undefined : text(entry, 'client-certificate-data') };
}

/** client-go's validateAuthInfo, the flags over the user's entry. */
function authProblems(name: string, entry: Record<string, unknown>, g: GlobalFlags): string[] {
  const problems: string[] = [];
  const { certFile, certData } = clientCertificateOf(entry, g);
  if (certFile || certData) {
    const keyFile = g.clientKey || text(entry, 'client-key');
    const keyData = g.clientKey ? undefined : text(entry, 'client-key-data');
    if (!keyFile && !keyData) problems.push(`client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`);
    for (const [what, file] of [['client-cert', certFile], ['client-key', keyFile]] as const) {
      const trouble = file ? unreadable(file) : undefined;
      if (trouble) problems.push(`unable to read ${what} ${file} for ${name} due to ${trouble}`);
    }
  }
  const methods = [
    ...(g.token || text(entry, 'token') ? ['token'] : []),
    ...(g.username || g.password || text(entry, 'username') || text(entry, 'password') ? ['basicAuth'] : []),
  ];
  if (methods.length > 1) problems.push(`more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`);
  if (!g.as && (g.asUid || g.asGroup?.length)) problems.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  return problems;
}

/** client-go's validateClusterInfo: a certificate authority file that cannot be read. */
function clusterProblems(name: string, entry: Record<string, unknown>, g: GlobalFlags): string[] {
  const ca = g.certificateAuthority || text(entry, 'certificate-authority');
  const trouble = ca ? unreadable(ca) : undefined;
  return trouble ? [`unable to read certificate-authority ${ca} for ${name} due to ${trouble}`] : [];
}

/** Go's os.Open error for the file (`open PATH: no such file or directory`), or undefined when it opens. */
function unreadable(file: string): string | undefined {
  try {
    closeSync(openSync(file, 'r'));
    return undefined;
  } catch (e) {
    return `open ${file}: ${errnoText(e)}`;
  }
}
