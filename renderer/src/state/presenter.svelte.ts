/**
 * Presenter mode: the lesson alone, in large type, fullscreen where the
 * browser allows it. The `presenter` class on <html> drives the CSS; the
 * Fullscreen API is a bonus (it needs a user gesture and may be refused),
 * so leaving fullscreen by the browser's own Esc also leaves presenter mode.
 */
const ROOT_CLASS = 'presenter';

const state = $state<{ active: boolean }>({ active: false });
/** Whether we put the page into fullscreen ourselves, so leaving it means leaving presenter mode. */
let enteredFullscreen = false;

function setRootClass(active: boolean): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle(ROOT_CLASS, active);
}

if (typeof document !== 'undefined') {
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && enteredFullscreen) {
      enteredFullscreen = false;
      if (state.active) presenter.exit();
    }
  });
}

export const presenter = {
  get active(): boolean {
    return state.active;
  },
  enter(): void {
    if (state.active) return;
    state.active = true;
    setRootClass(true);
    const root = typeof document !== 'undefined' ? document.documentElement : null;
    if (root && document.fullscreenEnabled && !document.fullscreenElement) {
      root
        .requestFullscreen({ navigationUI: 'hide' })
        .then(() => {
          enteredFullscreen = true;
        })
        .catch(() => {
          // Refused (no user gesture, policy): presenter mode still works in the window.
        });
    }
  },
  exit(): void {
    if (!state.active) return;
    state.active = false;
    setRootClass(false);
    if (enteredFullscreen && typeof document !== 'undefined' && document.fullscreenElement) {
      enteredFullscreen = false;
      document.exitFullscreen().catch(() => {});
    }
  },
  toggle(): void {
    if (state.active) presenter.exit();
    else presenter.enter();
  },
};
