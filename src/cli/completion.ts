import { RawError } from '../errors.js';
import type { VerbSpec } from './framework.js';

function bash(prog: string): string {
  const fn = `__${prog.replace(/[^A-Za-z0-9]/g, '_')}_complete`;
  return `# bash completion for ${prog}. Load it with: source <(${prog} completion bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local IFS=$'\\n'
  COMPREPLY=( $(${prog} __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
  [[ \${#COMPREPLY[@]} -eq 1 && "\${COMPREPLY[0]}" == *[=/] ]] && compopt -o nospace 2>/dev/null
  return 0
}
complete -o default -F ${fn} ${prog}
`;
}

function zsh(prog: string): string {
  const fn = `_${prog.replace(/[^A-Za-z0-9]/g, '_')}`;
  return `#compdef ${prog}
# zsh completion for ${prog}. Load it with: source <(${prog} completion zsh)
${fn}() {
  local -a candidates
  candidates=("\${(@f)$(${prog} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
if [ "$funcstack[1]" = "${fn}" ]; then
  ${fn} "$@"
else
  compdef ${fn} ${prog}
fi
`;
}

function fish(prog: string): string {
  return `# fish completion for ${prog}. Load it with: ${prog} completion fish | source
complete -c ${prog} -f -a '(${prog} __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`;
}

export const verb: VerbSpec = {
  name: 'completion',
  summary: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)',
  usage: 'SHELL',
  run(ctx, args) {
    const shell = args[0];
    const usage = (msg: string) => new RawError(`error: ${msg}\nSee '${ctx.programName} completion -h' for help and examples`);
    if (!shell) throw usage('Shell not specified.');
    if (args.length > 1) throw usage('Too many arguments. Expected only the shell type.');
    const scripts: Record<string, (p: string) => string> = { bash, zsh, fish };
    const make = Object.hasOwn(scripts, shell) ? scripts[shell] : undefined;
    if (!make) throw usage(`Unsupported shell type "${shell}".`);
    ctx.io.out.write(make(ctx.programName));
  },
};
