/**
 * Maps that come from user input (labels, annotations, ConfigMap data, contexts) are plain
 * objects, so keys such as `constructor`, `toString` or `__proto__` must be read and written as
 * own properties: an inherited member is never a value, and `__proto__` never sets a prototype.
 */
const hasOwn = Object.prototype.hasOwnProperty;

export function hasKey(o: unknown, key: string): boolean {
  return typeof o === 'object' && o !== null && hasOwn.call(o, key);
}

/** The own value under `key`, or undefined. */
export function own<T>(o: Record<string, T> | undefined | null, key: string): T | undefined {
  return o != null && hasOwn.call(o, key) ? o[key] : undefined;
}

export function setKey<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
