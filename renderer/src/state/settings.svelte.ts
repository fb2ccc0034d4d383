/**
 * The learner's settings, mirrored from the engine (settings.get, then every
 * onDidChangeSettings). Changes apply optimistically so a language or theme
 * switch is instant; a refused change is rolled back and its error rethrown.
 */
import type { Settings } from '../../../electron/common/api';
import { host } from '../host';
import { applyLocale, localeState } from './locale.svelte';
import { applyTheme, theme } from './theme.svelte';

const state = $state<{ value: Settings; loaded: boolean }>({
  value: {
    locale: localeState.current,
    theme: theme.chosen,
    executionProvider: 'auto',
    modelDir: null,
  },
  loaded: false,
});

export const settings = {
  get value(): Settings {
    return state.value;
  },
  /** False until the engine's settings have arrived once. */
  get loaded(): boolean {
    return state.loaded;
  },
};

function adopt(next: Settings): void {
  state.value = next;
  state.loaded = true;
  if (next.locale !== localeState.current) applyLocale(next.locale);
  if (next.theme !== theme.chosen) applyTheme(next.theme);
}

let subscribed = false;

/** Fetches the settings and follows later changes (from this or another window). */
export async function loadSettings(): Promise<void> {
  if (!subscribed) {
    subscribed = true;
    host.on('onDidChangeSettings', adopt);
  }
  adopt(await host.call('settings.get', {}));
}

/**
 * Saves `patch`. Language and theme show at once and are rolled back if the
 * engine refuses; the other fields change only when the engine has accepted
 * them (a model folder is not "in use" until it could be created).
 */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const previous = { locale: state.value.locale, theme: state.value.theme };
  if (patch.locale) {
    state.value.locale = patch.locale;
    applyLocale(patch.locale);
  }
  if (patch.theme) {
    state.value.theme = patch.theme;
    applyTheme(patch.theme);
  }
  try {
    const next = await host.call('settings.update', { patch });
    adopt(next);
    return next;
  } catch (error) {
    const rollback = { ...state.value };
    if (patch.locale) rollback.locale = previous.locale;
    if (patch.theme) rollback.theme = previous.theme;
    adopt(rollback);
    throw error;
  }
}
