import { describe, expect, it } from 'vitest';
import { checkSource, collectImports, formatViolation, scanRepository } from '../support/layering.js';
import { ROOT } from '../support/paths.js';

describe('layering (STYLE.md "Runtime folders, enforced")', () => {
  it('holds for every source file in the repository', async () => {
    const { files, violations } = await scanRepository(ROOT);
    expect(files.length).toBeGreaterThan(10);
    expect(files).toContain('electron/engine/runtime/ort.ts');
    expect(violations.map(formatViolation), 'files crossing their runtime folder (file:line)').toEqual([]);
  });
});

describe('import collection', () => {
  it('sees every import form with its line', () => {
    const text = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import { type C } from 'c';",
      "import 'd';",
      "export { e } from 'e';",
      "export type { F } from 'f';",
      "const g = await import('g');",
      "const h = require('h');",
      "import i = require('i');",
      "type J = typeof import('j');",
      'const k = require(`k`);',
      "import { type L, m } from 'lm';",
      "export * from 'n';",
    ].join('\n');
    expect(collectImports('electron/engine/x.ts', text)).toEqual([
      { specifier: 'a', form: 'value', line: 1 },
      { specifier: 'b', form: 'type', line: 2 },
      { specifier: 'c', form: 'inline-type', line: 3 },
      { specifier: 'd', form: 'side-effect', line: 4 },
      { specifier: 'e', form: 'export', line: 5 },
      { specifier: 'f', form: 'export-type', line: 6 },
      { specifier: 'g', form: 'dynamic', line: 7 },
      { specifier: 'h', form: 'require', line: 8 },
      { specifier: 'i', form: 'require', line: 9 },
      { specifier: 'j', form: 'type-query', line: 10 },
      { specifier: 'k', form: 'require', line: 11 },
      { specifier: 'lm', form: 'value', line: 12 },
      { specifier: 'n', form: 'export', line: 13 },
    ]);
  });

  it('reads every <script> block of a .svelte file and reports lines of the whole file', () => {
    const text = [
      '<script module lang="ts">',
      "  import type { Locale } from '../../electron/common/api';",
      '</script>',
      '',
      '<script lang="ts">',
      "  import { LOCALES } from '../../electron/common/api';",
      '</script>',
      '<p>{LOCALES.length}</p>',
    ].join('\n');
    expect(collectImports('renderer/src/App.svelte', text)).toEqual([
      { specifier: '../../electron/common/api', form: 'type', line: 2 },
      { specifier: '../../electron/common/api', form: 'value', line: 6 },
    ]);
  });
});

/** Rules of one probe file, as `rule@line`. */
function broken(file: string, lines: string[]): string[] {
  return checkSource(file, lines.join('\n')).map((v) => `${v.rule}@${v.line}`);
}

describe('each rule fails when broken', () => {
  it("(a) the engine and common never import 'electron', not even types", () => {
    expect(
      broken('electron/engine/__probe.ts', [
        "import { app } from 'electron';",
        "import type { BrowserWindow } from 'electron';",
        "const e = await import('electron');",
        "const r = require('electron');",
        "type T = typeof import('electron');",
        "export { shell } from 'electron';",
      ]),
    ).toEqual(['a@1', 'a@2', 'a@3', 'a@4', 'a@5', 'a@6']);
    expect(broken('electron/common/__probe.ts', ["import type { IpcMain } from 'electron';"])).toEqual(['a@1']);
  });

  it('(b) common imports only itself and zod, at any folder depth', () => {
    expect(
      broken('electron/common/deep/__probe.ts', [
        "import { z } from 'zod';",
        "import type { LabErrorData } from '../errors.js';",
        "import { x } from './sibling.js';",
        "import { readFile } from 'node:fs/promises';",
        "import type { AppPaths } from '../../engine/paths.js';",
        "import { something } from '../../common-extra/x.js';",
        "import { parse } from 'yaml';",
        "import { sneaky } from './../../../renderer/src/x';",
      ]),
    ).toEqual(['b@4', 'b@5', 'b@6', 'b@7', 'b@8']);
  });

  it('(c) the renderer imports common only with `import type`, and no Node-side code', () => {
    expect(
      broken('renderer/src/__probe.ts', [
        "import type { Locale } from '../../electron/common/api';",
        "import { LOCALES } from '../../electron/common/api';",
        "import { type ErrorCode } from '../../electron/common/errors';",
        "import '../../electron/common/api';",
        "export type { Locale } from '../../electron/common/api';",
        "export { ERROR_CODES } from '../../electron/common/errors';",
        "const api = await import('../../electron/common/api');",
        "import type { Engine } from '../../electron/engine/index';",
        "import { ipcRenderer } from 'electron';",
        "import type { Tensor } from 'onnxruntime-node';",
        "import { readFileSync } from 'node:fs';",
        "import path from 'path';",
        "import { mount } from 'svelte';",
        "type Api = typeof import('../../electron/common/api');",
      ]),
    ).toEqual(['c@2', 'c@3', 'c@4', 'c@5', 'c@6', 'c@7', 'c@8', 'c@9', 'c@10', 'c@11', 'c@12']);
    // The renderer's Vite config runs in Node at build time, not in the page.
    expect(broken('renderer/vite.config.ts', ["import { fileURLToPath } from 'node:url';"])).toEqual([]);
  });

  it("(d) only electron/engine/runtime/ort.ts imports 'onnxruntime-node'", () => {
    const line = "import * as ort from 'onnxruntime-node';";
    expect(broken('electron/engine/runtime/ort.ts', [line])).toEqual([]);
    expect(broken('electron/engine/runtime/other.ts', [line])).toEqual(['d@1']);
    expect(broken('electron/host/index.ts', ["import type { Tensor } from 'onnxruntime-node';"])).toEqual(['d@1']);
    expect(broken('bench/x.ts', [line])).toEqual(['d@1']);
  });

  it("(e) the preload imports only 'electron', common and its own folder", () => {
    expect(
      broken('electron/preload/index.ts', [
        "import { contextBridge, ipcRenderer } from 'electron';",
        "import { IPC_CALL_CHANNEL } from '../common/api.js';",
        "import { helper } from './helper.js';",
        "import { z } from 'zod';",
        "import { dispatch } from '../engine/handlers.js';",
        "import { readFile } from 'node:fs';",
      ]),
    ).toEqual(['e@4', 'e@5', 'e@6']);
  });

  it('keeps the engine off the hosts and the web host and CLI off Electron', () => {
    expect(broken('electron/engine/x.ts', ["import { createWindow } from '../main/window.js';"])).toEqual(['engine-hosts@1']);
    expect(broken('electron/host/index.ts', ["import { app } from 'electron';"])).toEqual(['node-hosts@1']);
    expect(broken('electron/main/index.ts', ["import { app } from 'electron';", "import { createEngine } from '../engine/index.js';"])).toEqual([]);
    expect(broken('electron/main/x.ts', ["import { t } from '../../renderer/src/i18n/index';"])).toEqual(['no-renderer@1']);
  });

  it('names the file and line of each offence', () => {
    const [violation] = checkSource('electron/engine/__layering_probe.ts', "\n\nimport { app } from 'electron';");
    expect(violation && formatViolation(violation)).toBe(
      "electron/engine/__layering_probe.ts:3: [a] electron/engine and electron/common must not import 'electron' in any form: 'electron' (value)",
    );
  });
});
