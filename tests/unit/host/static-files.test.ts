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
