/** The app:// file server against real files: headers, MIME types, traversal and symlink escapes. */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../../electron/main/app-files';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security-policy';

let base: string;
let roots: { rendererDir: string; lessonsDir: string };

beforeAll(async () => {
  base = await mkdtemp(join(os.tmpdir(), 'aigc-lab-app-files-'));
  roots = { rendererDir: join(base, 'dist', 'renderer'), lessonsDir: join(base, 'lessons') };
  await mkdir(join(roots.rendererDir, 'assets'), { recursive: true });
  await mkdir(join(roots.lessonsDir, '01-welcome', 'assets'), { recursive: true });
  await writeFile(join(roots.rendererDir, 'index.html'), '<!doctype html><title>lab</title>');
  await writeFile(join(roots.rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(roots.lessonsDir, '01-welcome', 'meta.json'), '{"id":"welcome"}');
  await writeFile(join(base, 'secret.txt'), 'do not serve');
  // A link inside a root that points outside it must not be followed.
  await symlink(join(base, 'secret.txt'), join(roots.lessonsDir, '01-welcome', 'assets', 'escape.txt'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), roots);

describe('serveAppRequest', () => {
  it('serves the entry page with the CSP and nosniff headers', async () => {
    const response = await get('app://lab/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>lab</title>');
  });

  it('serves / as index.html, scripts as JavaScript and lessons from the lessons folder', async () => {
    expect(await (await get('app://lab/')).text()).toContain('<title>lab</title>');
    const script = await get('app://lab/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const meta = await get('app://lab/lessons/01-welcome/meta.json');
    expect(meta.status).toBe(200);
    expect(await meta.json()).toEqual({ id: 'welcome' });
  });

  it.each([
    'app://lab/missing.js',
    'app://lab/assets',
    'app://lab/lessons/01-welcome',
    'app://lab/lessons/..%2fsecret.txt',
    'app://lab/lessons/..%2f..%2fsecret.txt',
    'app://lab/..%2f..%2fsecret.txt',
    'app://lab/lessons/01-welcome/assets/escape.txt',
    'app://elsewhere/index.html',
  ])('%s is a 404 that still carries the CSP', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://lab/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>lab</title>'.length));
    expect(await head.text()).toBe('');
    expect((await get('app://lab/index.html', 'POST')).status).toBe(405);
  });
});
