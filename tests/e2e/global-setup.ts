/** Says once, up front, whether the `electron` project will run, and why not. */
import type { FullConfig } from '@playwright/test';
import { resolveElectronApp } from './electron-app';

export default function globalSetup(config: FullConfig): void {
  const wanted = config.projects.some((project) => project.name === 'electron');
  if (!wanted) return;
  const resolved = resolveElectronApp();
  if (resolved.ok) console.log(`[electron project] running against ${resolved.executablePath}`);
  else console.log(`[electron project] ${resolved.reason}`);
}
