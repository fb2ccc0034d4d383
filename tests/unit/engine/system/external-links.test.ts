import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl } from '../../../../electron/engine/system/external-links.js';

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://arxiv.org/abs/2103.00020',
    'https://arxiv.org',
    'https://www.arxiv.org/pdf/2006.11239',
    'https://export.arxiv.org/abs/2010.02502',
    'https://github.com/microsoft/onnxruntime',
    'https://huggingface.co/openai/clip-vit-base-patch32?x=1#files',
    'https://onnxruntime.ai/docs/execution-providers/',
    'https://paint.wtf/',
    'HTTPS://ARXIV.ORG/abs/1',
    'https://arxiv.org:443/abs/1',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://arxiv.org/abs/2103.00020'],
    ['a file URL', 'file:///etc/passwd'],
    ['javascript:', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'aigc-lab://app/index.html'],
    ['a Windows share', '\\\\server\\share'],
    ['a relative URL', '/abs/2103.00020'],
    ['not a URL', 'arxiv.org'],
    ['an empty string', ''],
    ['a host not on the list', 'https://example.com/'],
    ['a look-alike suffix', 'https://evilarxiv.org/'],
    ['an allowed host as a subdomain of another', 'https://arxiv.org.evil.com/'],
    ['credentials before the host', 'https://user:pass@arxiv.org/'],
    ['an allowed host as the user name', 'https://github.com@evil.com/'],
    ['backslashes hiding the host', 'https:\\\\evil.com\\@arxiv.org'],
    ['a non-default port', 'https://arxiv.org:8443/'],
    ['an IP address', 'https://127.0.0.1/'],
    ['a trailing-dot host', 'https://arxiv.org./'],
    ['a punycode look-alike', 'https://xn--rxiv-7na.org/'],
    ['a scheme-relative URL', '//arxiv.org/abs/1'],
  ])('refuses %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('keeps its allow-list frozen and lower-case', () => {
    expect(Object.isFrozen(EXTERNAL_HOST_ALLOW_LIST)).toBe(true);
    for (const host of EXTERNAL_HOST_ALLOW_LIST) expect(host).toBe(host.toLowerCase());
  });

  it('allows every listed host over https', () => {
    for (const host of EXTERNAL_HOST_ALLOW_LIST) expect(isAllowedExternalUrl(`https://${host}/`), host).toBe(true);
  });
});
