import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY, resolveStaticPath, type StaticMount } from '../../../electron/host/static-files';

const root = resolve('/srv/app');
const mounts: StaticMount[] = [
  { prefix: '/lessons/', root: join(root, 'lessons') },
  { prefix: '/', root: join(root, 'renderer') },
];

describe('resolveStaticPath', () => {
  it('maps paths into the right mount, index.html for the root', () => {
    expect(resolveStaticPath('/', mounts)).toBe(join(root, 'renderer', 'index.html'));
    expect(resolveStaticPath('/assets/app.js', mounts)).toBe(join(root, 'renderer', 'assets', 'app.js'));
    expect(resolveStaticPath('/lessons/01-welcome/meta.json', mounts)).toBe(join(root, 'lessons', '01-welcome', 'meta.json'));
    expect(resolveStaticPath('/lessons/01-welcome/%E4%B8%AD.png', mounts)).toBe(join(root, 'lessons', '01-welcome', '中.png'));
  });

  it('never escapes its root', () => {
    for (const attack of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/lessons/../../etc/passwd',
      '/lessons/%2e%2e%2f%2e%2e%2fetc/passwd',
      '/a/..%5c..%5cwin.ini',
      '/x%00.html',
      '/%E0%A4%A',
    ]) {
      const target = resolveStaticPath(attack, mounts);
      if (target !== null) expect(target.startsWith(join(root, 'renderer')) || target.startsWith(join(root, 'lessons'))).toBe(true);
    }
    expect(resolveStaticPath('/%2e%2e/package.json', mounts)).toBeNull();
    expect(resolveStaticPath('/x%00.html', mounts)).toBeNull();
    expect(resolveStaticPath('/%E0%A4%A', mounts)).toBeNull();
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  it('allows scripts only from the app itself and no remote content', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('serveStatic', () => {
  it('refuses a symbolic link that leads out of its mount', async () => {
    const { mkdtemp, mkdir, symlink, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { createServer } = await import('node:http');
    const { serveStatic } = await import('../../../electron/host/static-files');
    const base = await mkdtemp(join(tmpdir(), 'aigc-lab-static-'));
    await mkdir(join(base, 'public'));
    await writeFile(join(base, 'secret.txt'), 'secret');
    await writeFile(join(base, 'public', 'ok.txt'), 'ok');
    await symlink(join(base, 'secret.txt'), join(base, 'public', 'leak.txt'));
    const server = createServer((request, response) => void serveStatic(request, response, [{ prefix: '/', root: join(base, 'public') }]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect((await fetch(`http://127.0.0.1:${port}/ok.txt`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/leak.txt`)).status).toBe(404);
    } finally {
      server.close();
      await rm(base, { recursive: true, force: true });
    }
  });
});
