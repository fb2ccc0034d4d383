/**
 * Which app-wide action a key press means. Kept apart from the DOM wiring so
 * the rules (clicker keys, never while typing) are one readable function.
 */

export type KeyAction = 'next' | 'previous' | 'first' | 'last' | 'togglePresenter' | 'exitPresenter';

/** Widgets that use arrow keys themselves; they keep them. `data-own-keys` lets any element opt out too. */
const KEY_OWNERS = [
  'input',
  'textarea',
  'select',
  '[contenteditable]:not([contenteditable="false"])',
  '[role="slider"]',
  '[role="spinbutton"]',
  '[role="listbox"]',
  '[role="tablist"]',
  '[role="grid"]',
  '[role="tree"]',
  '[role="menu"]',
  '[role="radiogroup"]',
  '[role="textbox"]',
  '[data-own-keys]',
].join(',');

export function isKeyOwner(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return target.closest(KEY_OWNERS) !== null;
}

export interface KeyPress {
  key: string;
  target: EventTarget | null;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  defaultPrevented: boolean;
}

/**
 * @example keyAction({ key: 'PageDown', target: document.body, … }, false) // → 'next'
 */
export function keyAction(press: KeyPress, presenterActive: boolean): KeyAction | null {
  if (press.defaultPrevented || press.altKey || press.ctrlKey || press.metaKey) return null;
  if (press.key === 'F5') return 'togglePresenter';
  if (press.key === 'Escape') return presenterActive ? 'exitPresenter' : null;
  if (press.shiftKey || isKeyOwner(press.target)) return null;
  switch (press.key) {
    case 'ArrowRight':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'previous';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}
