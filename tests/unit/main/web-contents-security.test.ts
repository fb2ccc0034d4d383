/** Every WebContents: navigation stays on app://lab, window.open is denied, <webview> never attaches. */
import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from '../../../electron/main/web-contents-security';

type OpenHandler = (details: { url: string }) => { action: string };

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: OpenHandler | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: OpenHandler) => {
      openHandler = handler;
    },
  });
  const openExternal = vi.fn();
  hardenWebContents(contents as unknown as WebContents, openExternal);
  const fire = (name: string, url = '', isMainFrame = name !== 'will-frame-navigate') => {
    const event = { url, isMainFrame, preventDefault: vi.fn() };
    emitter.emit(name, event);
    return event.preventDefault;
  };
  return { fire, openExternal, open: (url: string) => openHandler!({ url }) };
}

describe('hardenWebContents', () => {
  it('lets the page move within app://lab/', () => {
    const { fire, openExternal } = fakeContents();
    expect(fire('will-navigate', 'app://lab/index.html#/about')).not.toHaveBeenCalled();
    expect(fire('will-frame-navigate', 'app://lab/index.html')).not.toHaveBeenCalled();
    expect(fire('will-redirect', 'app://lab/index.html')).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation away, sending allow-listed links to the system browser', () => {
    const { fire, openExternal } = fakeContents();
    expect(fire('will-navigate', 'https://arxiv.org/abs/2103.00020')).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/2103.00020');
    expect(fire('will-navigate', 'https://evil.example/')).toHaveBeenCalled();
    expect(fire('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('blocks frames and redirects leaving app://lab/, without opening anything', () => {
    const { fire, openExternal } = fakeContents();
    expect(fire('will-frame-navigate', 'https://arxiv.org/')).toHaveBeenCalled();
    // The main frame's navigations are will-navigate's to decide (and to open externally).
    expect(fire('will-frame-navigate', 'https://arxiv.org/', true)).not.toHaveBeenCalled();
    expect(fire('will-redirect', 'https://arxiv.org/')).toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('never attaches a <webview>', () => {
    const { fire } = fakeContents();
    expect(fire('will-attach-webview')).toHaveBeenCalled();
  });

  it('denies every window.open, opening only allow-listed links externally', () => {
    const { open, openExternal } = fakeContents();
    expect(open('https://github.com/openai/CLIP')).toEqual({ action: 'deny' });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('app://lab/index.html')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/openai/CLIP']]);
  });
});
