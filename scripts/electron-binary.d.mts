// Types for scripts/electron-binary.mjs (plain JS so `npm start` needs no build step for it).

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string; installer?: string };

export function electronPackageDir(root: string): string | null;
export function findElectronBinary(root: string, env?: NodeJS.ProcessEnv): ElectronBinary;
export function runElectronInstaller(installer: string, timeoutMs: number): Promise<boolean>;
export function displayAvailable(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): boolean;
export function electronEnv(extra?: Record<string, string>, env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
