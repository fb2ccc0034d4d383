/**
 * The `lab` fixture: one running AIGC Lab per test, with its own data folder,
 * under whichever host the Playwright project names (web host + Chromium, or
 * real Electron). Suites use `lab.page` and never care which host it is.
 */
import { test as base, chromium, type Browser, type Page } from '@playwright/test';
import { decode, encode } from 'cbor-x';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { CallOutcome } from '../../electron/common/api';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startWebHostProcess, type WebHostProcess } from './web-host';
import { resolveElectronApp, type ElectronApp } from './electron-app';

export type HostUnderTest = 'web' | 'electron';

export interface Lab {
  host: HostUnderTest;
  page: Page;
  /** Quits and starts the app again on the same data folder; returns the new page. */
  restart(): Promise<Page>;
  /**
   * Sends one raw call through the app's real transport from inside the page:
   * a CBOR frame over the page's WebSocket origin (web) or the preload bridge (electron).
   */
  rawCall(method: string, args: unknown): Promise<CallOutcome<unknown>>;
  /** Sends bytes that are not a valid frame at all (web only; resolves with the server's reply). */
  rawGarbage(bytes: number[]): Promise<CallOutcome<unknown> | null>;
}

interface WorkerFixtures {
  chromiumBrowser: { get(): Promise<Browser> };
}

async function openWebPage(browser: Browser, host: WebHostProcess): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await waitUntilReady(page);
  return page;
}

/** The app has loaded its lessons and settled on its first route (a lesson step). */
async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForFunction(() => /^#\/lesson\/[^/]+\/\d+$/.test((globalThis as unknown as { location: { hash: string } }).location.hash));
  await page.locator('h2.step-title').waitFor();
}

/**
 * Runs inside the page: opens a second authenticated socket, sends one frame and
 * returns the server's reply to it (events on the socket are skipped; frames are
 * decoded on the Node side through an exposed function, the page has no CBOR).
 */
async function sendFrameFromPage(page: Page, frame: number[], token: string): Promise<unknown> {
  const exposed = page as Page & { __labDecodeExposed?: boolean };
  if (!exposed.__labDecodeExposed) {
    await page.exposeFunction('__labFrameType', (bytes: number[]) => (decode(Uint8Array.from(bytes)) as { type: string }).type);
    exposed.__labDecodeExposed = true;
  }
  const reply = await page.evaluate(
    async ({ frame, token }) => {
      const scope = globalThis as unknown as { location: { origin: string }; __labFrameType(bytes: number[]): Promise<string> };
      const socket = new WebSocket(`${scope.location.origin.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}`);
      socket.binaryType = 'arraybuffer';
      return await new Promise<number[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply within 10 s')), 10_000);
        socket.onmessage = async (event) => {
          const bytes = Array.from(new Uint8Array(event.data as ArrayBuffer));
          if ((await scope.__labFrameType(bytes)) !== 'result') return;
          clearTimeout(timer);
          socket.close();
          resolve(bytes);
        };
        socket.onopen = () => socket.send(new Uint8Array(frame));
        socket.onerror = () => reject(new Error('socket error'));
      });
    },
    { frame, token },
  );
  return decode(Uint8Array.from(reply));
}

export const test = base.extend<{ lab: Lab }, WorkerFixtures>({
  chromiumBrowser: [
    async ({}, use) => {
      const holder: { launched: Promise<Browser> | null } = { launched: null };
      await use({ get: () => (holder.launched ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })) });
      if (holder.launched) await (await holder.launched).close();
    },
    { scope: 'worker' },
  ],

  lab: async ({ chromiumBrowser }, use, testInfo) => {
    const hostKind = testInfo.project.metadata.host as HostUnderTest;
    const dataDir = await mkdtemp(join(os.tmpdir(), 'aigc-lab-e2e-'));

    if (hostKind === 'electron') {
      const resolved = resolveElectronApp();
      if (!resolved.ok) {
        testInfo.skip(true, resolved.reason);
        return;
      }
      let app: ElectronApp = await resolved.launch(dataDir);
      let page = await app.firstWindow();
      await waitUntilReady(page);
      const lab: Lab = {
        host: 'electron',
        get page() {
          return page;
        },
        async restart() {
          await app.close();
          app = await resolved.launch(dataDir);
          page = await app.firstWindow();
          await waitUntilReady(page);
          return page;
        },
        rawCall: (method, args) =>
          page.evaluate(
            ({ method, args }) => {
              const bridge = (globalThis as unknown as { aigcLab: { methods: Record<string, (a: unknown) => Promise<unknown>> } }).aigcLab;
              const fn = bridge.methods[method];
              return fn ? fn(args) : Promise.resolve({ ok: false, error: { code: 'unknownMethod', messageKey: 'error.unknownMethod' } });
            },
            { method, args },
          ) as Promise<CallOutcome<unknown>>,
        rawGarbage: async () => null,
      };
      await use(lab);
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
      return;
    }

    const browser = await chromiumBrowser.get();
    let host = await startWebHostProcess(dataDir);
    let page = await openWebPage(browser, host);
    const lab: Lab = {
      host: 'web',
      get page() {
        return page;
      },
      async restart() {
        await page.context().close();
        await host.stop();
        host = await startWebHostProcess(dataDir);
        page = await openWebPage(browser, host);
        return page;
      },
      rawCall: async (method, args) => {
        const reply = (await sendFrameFromPage(page, Array.from(encode({ type: 'call', id: 7, method, args })), host.token)) as {
          outcome: CallOutcome<unknown>;
        };
        return reply.outcome;
      },
      rawGarbage: async (bytes) => ((await sendFrameFromPage(page, bytes, host.token)) as { outcome: CallOutcome<unknown> }).outcome,
    };
    await use(lab);
    await page.context().close();
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
