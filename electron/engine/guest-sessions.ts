import { DEFAULT_SETTINGS, EMPTY_PROGRESS, type Progress, type Settings } from '../common/api.js';

export interface GuestSession {
  settings: Settings;
  progress: Progress;
}

/** How many classroom browsers are remembered; the least recently seen is forgotten first. */
const MAX_GUESTS = 500;

/**
 * Per-browser settings and progress for classroom guests, in memory only: a
 * student's choices must not change the teacher's screen or files, and are
 * not worth keeping after the class.
 */
export class GuestSessions {
  private readonly sessions = new Map<string, GuestSession>();

  constructor(private readonly ownerSettings: () => Promise<Settings>) {}

  async get(id: string): Promise<GuestSession> {
    let session = this.sessions.get(id);
    if (session) {
      // Re-insert so the Map's order is "least recently seen first".
      this.sessions.delete(id);
    } else {
      const owner = await this.ownerSettings();
      session = {
        settings: { ...DEFAULT_SETTINGS, locale: owner.locale, executionProvider: owner.executionProvider, modelDir: owner.modelDir },
        progress: structuredClone(EMPTY_PROGRESS),
      };
    }
    this.sessions.set(id, session);
    while (this.sessions.size > MAX_GUESTS) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }
}
