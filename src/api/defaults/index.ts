import type { ResourceType } from '../registry.js';
import type { KubeObject } from '../types.js';

/** Applies the API server's defaulting (SetDefaults_*) in place. Placeholder. */
export function applyDefaults(_obj: KubeObject, _type: ResourceType): void {}
