import yaml from 'js-yaml';

/** Serialises like kubectl -o yaml (placeholder: js-yaml; the printer work replaces it). */
export function toYaml(obj: unknown): string {
  return yaml.dump(obj, { sortKeys: true, noArrayIndent: true, lineWidth: -1 });
}
