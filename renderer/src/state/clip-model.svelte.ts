/**
 * Which CLIP model the CLIP lessons use: the built-in shapes-clip until the
 * learner picks another installed one in a ModelPicker. Remembered in this
 * browser (localStorage), so every CLIP widget and the next visit agree.
 */
const STORAGE_KEY = 'aigc-lab:clip-model';
export const BUILTIN_CLIP = 'shapes-clip';

function initial(): string {
  try {
    const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return saved && /^[a-z0-9][a-z0-9._-]{0,99}$/.test(saved) ? saved : BUILTIN_CLIP;
  } catch {
    return BUILTIN_CLIP;
  }
}

const state = $state({ id: initial() });

export const clipModel = {
  /** The chosen model id (a folder name in models/builtin or the model folder). */
  get id(): string {
    return state.id;
  },
  set(id: string): void {
    state.id = id;
    try {
      localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // private mode: the choice lasts for this page only
    }
  },
};
