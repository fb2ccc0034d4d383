import { describe, expect, it } from 'vitest';
import { LOOPBACK_HOSTNAMES, originAllowed, tokenMatches } from '../../../electron/host/access';

const loopback = new Set(LOOPBACK_HOSTNAMES);

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches('abc123', 'abc123')).toBe(true);
    expect(tokenMatches('abc123', 'abc124')).toBe(false);
    expect(tokenMatches('abc123', 'abc12')).toBe(false);
    expect(tokenMatches('abc123', '')).toBe(false);
    expect(tokenMatches('abc123', null)).toBe(false);
    expect(tokenMatches('abc123', undefined)).toBe(false);
  });
});

describe('originAllowed', () => {
  it('accepts the page served by this host on a loopback name', () => {
    expect(originAllowed('http://127.0.0.1:5173', '127.0.0.1:5173', loopback)).toBe(true);
    expect(originAllowed('http://localhost:5173', 'localhost:5173', loopback)).toBe(true);
  });

  it('refuses another site talking to the lab (cross-site WebSocket hijacking)', () => {
    expect(originAllowed('https://evil.example', '127.0.0.1:5173', loopback)).toBe(false);
    expect(originAllowed('http://127.0.0.1:9999', '127.0.0.1:5173', loopback)).toBe(false);
    expect(originAllowed('null', '127.0.0.1:5173', loopback)).toBe(false);
    expect(originAllowed(undefined, '127.0.0.1:5173', loopback)).toBe(false);
  });

  it('refuses a DNS-rebound host name even when Origin and Host agree', () => {
    expect(originAllowed('http://rebind.evil.example:5173', 'rebind.evil.example:5173', loopback)).toBe(false);
  });

  it('accepts a LAN address only when it is in the allowed set', () => {
    const lan = new Set([...LOOPBACK_HOSTNAMES, '192.168.1.20']);
    expect(originAllowed('http://192.168.1.20:8080', '192.168.1.20:8080', lan)).toBe(true);
    expect(originAllowed('http://192.168.1.21:8080', '192.168.1.21:8080', lan)).toBe(false);
  });
});
