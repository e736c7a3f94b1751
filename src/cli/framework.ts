/**
 * What a verb is: its flags as data and a run function over an injected context.
 * Only src/cli/index.ts knows commander; verbs never touch the parser, the process or
 * the console.
 */
import type { Session } from './session.js';

export interface Writer {
  write(text: string): void;
  /** UTF-8 text as bytes (where the writer takes them so: the process's own streams), written before this returns. */
  writeBytes?(bytes: Uint8Array): void;
}

export interface IO {
  out: Writer;
  err: Writer;
  readStdin(): Promise<Buffer>;
  /** The raw streams, for interactive use (the shell); absent in tests that capture output. */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  /** stdout is a terminal (colour, interactive prompts). */
  isTTY: boolean;
}

export type FlagType = 'bool' | 'string' | 'int' | 'strings';

export interface FlagSpec {
  /** Long name without dashes: `output`. */
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  default?: string | number | boolean | string[];
  hidden?: boolean;
  /** cobra's MarkFlagRequired: the command fails before it runs unless the flag is given. */
  required?: boolean;
  /** An int flag of 32 bits (pflag's Int32): a value outside int32 is refused as out of range. */
  bits?: 32;
  /** Value placeholder in help: `<format>`. */
  arg?: string;
}

export type FlagValues = Record<string, any>;

export interface VerbSpec {
  name: string;
  aliases?: string[];
  summary: string;
  /** Usage line after the command path, e.g. `TYPE [NAME] [flags]`. */
  usage?: string;
  examples?: string;
  flags?: FlagSpec[];
  subcommands?: VerbSpec[];
  /** Hand every word after the verb to run() untouched, without flag parsing. */
  rawArgs?: boolean;
  /**
   * A command group (subcommands, no run of its own) run without a known subcommand: as kubectl's
   * DefaultSubCommandRun, its help on stderr and exit 1 (`unknown command "x"` for other words);
   * `stdout`: the help on stdout (rollout's); `plain`: a cobra command without a Run (certificate),
   * its help on stdout and exit 0, whatever the words.
   */
  bareGroup?: 'stdout' | 'plain';
  run?(ctx: Context, args: string[], flags: FlagValues): Promise<void> | void;
}

/** Flags every verb accepts. */
export interface GlobalFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  requestTimeout?: string;
  /** kubectl's other global flags that kubectl checks before a command runs; otherwise unused. */
  as?: string;
  asGroup?: string[];
  asUid?: string;
  token?: string;
  /** The kubeconfig user whose credentials the command presents (else the context's). */
  user?: string;
  /** The kubeconfig cluster the command talks to (else the context's). */
  cluster?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  username?: string;
  password?: string;
  profile?: string;
  logFlushFrequency?: string;
  warningsAsErrors?: boolean;
}

export interface Context {
  io: IO;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The program name used in usage messages (`kubectl-lite`, or `kubectl` when linked so). */
  programName: string;
  globals: GlobalFlags;
  /** Wall-clock milliseconds (injected so tests can pin time). */
  realNow(): number;
  /** Waits `ms`, or less: it resolves at once when `signal` is aborted. */
  sleep(ms: number): Promise<void>;
  /**
   * Aborted when the user cancels the command (Ctrl-C / SIGINT, SIGTERM; Ctrl-C in the shell
   * cancels the running command only). Long-running commands (watch, follow, wait, load, serve)
   * stop on it. Reading it is what installs the process's signal handlers, so commands that never
   * look keep Node's default Ctrl-C behaviour.
   */
  readonly signal: AbortSignal;
  /** Colour allowed: stdout is a terminal and NO_COLOR is unset. */
  color: boolean;
  /** The command being run as usage messages name it (`kubectl-lite create role`); set by the dispatcher. */
  commandPath?: string;
  /** The words of the command line (after the program name), for --record's change-cause. */
  argv?: string[];
  /** The flags of the command being run and the global ones, for --record's change-cause. */
  commandFlags?: FlagSpec[];
  /** How many warnings the (simulated) API server sent: --warnings-as-errors fails the command on any. */
  serverWarnings?: number;
  /** The words after a bare `--` (a container command: `create job j --image=x -- sh -c date`). */
  dashArgs: string[];
  /** The cluster this command talks to (opened on first use). */
  session(): Session;
  /** Reports one failure on stderr (kubectl style) and marks the command as failed (exit 1). */
  fail(err: unknown): void;
  readonly failed: boolean;
  /** Says that Ctrl-C / SIGTERM is how this command ends normally (serve, dashboard, load): exit 0, not 130/143. */
  stopsCleanly?(): void;
}
