/** A kustomize error; its message is kustomize's own. */
export class KustomizeError extends Error {}
