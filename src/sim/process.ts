/**
 * A simulated container's own process: what `kubectl run -i`, `kubectl debug -i` and `kubectl attach`
 * connect to. It is the container's command and args, else its image's default command where the
 * simulation knows it (busybox's and alpine's is `sh`).
 */

/** Images whose default command is known: busybox's and alpine's is `sh`. */
export function imageDefaultCommand(image: string): string[] | undefined {
  const repo = String(image).replace(/^docker\.io\/(library\/)?/, '').split(/[:@]/)[0]!;
  return ['busybox', 'alpine'].includes(repo) ? ['sh'] : undefined;
}

/** The argv of the container's process; undefined when neither the spec nor the simulation knows it. */
export function containerProcess(c: { image?: string; command?: string[]; args?: string[] }): string[] | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  return argv.length ? argv : imageDefaultCommand(String(c.image ?? ''));
}

/** Whether the process is a shell alone, which reads its commands from stdin (and ends at its end). */
export function runsBareShell(c: { image?: string; command?: string[]; args?: string[] }): boolean {
  const argv = containerProcess(c);
  return argv !== undefined && argv.length === 1 && /^(\/bin\/|\/usr\/bin\/)?(sh|ash|bash)$/.test(argv[0]!);
}
