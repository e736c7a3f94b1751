/** Patch machinery: strategic merge patch, kubectl apply's three-way patch, RFC 7386 and RFC 6902. */
export { applyStrategicPatch, createStrategicPatch, threeWayPatch, type DiffOptions } from './strategic.js';
export { applyMergePatch, createMergePatch, applyJsonPatch, parsePointer, JsonPatchError, type JsonPatchOperation } from './json-patch.js';
export { strategyForKind, atomicLists, type ListStrategy, type StrategyFor } from './strategy.js';
export { deepEqual, goJson, isMap, sortedJson, sortKeys, type Json, type JsonMap } from './json.js';
