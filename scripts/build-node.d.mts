/** Bundles the Node side (engine worker, web host, CLI, Electron main and preload) into dist/node. */
export function buildNode(): Promise<void>;
