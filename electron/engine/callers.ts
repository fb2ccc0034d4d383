/**
 * Who is calling. On one machine every window is the OWNER: it reads and
 * writes the learner's settings and progress. In classroom (LAN) mode each
 * student's browser is a GUEST: its language, theme and progress live in
 * memory for that browser only, it cannot change the teacher's execution
 * provider or model folder, and it sees and cancels only its own jobs.
 */
export type Caller = { kind: 'owner'; id: 'owner' } | { kind: 'guest'; id: string };

export const OWNER: Caller = Object.freeze({ kind: 'owner', id: 'owner' });

/** Guest ids come from the page (a random id kept in its localStorage); anything else gets a fresh one. */
export function guestCaller(clientId: string | null, fallback: string): Caller {
  const id = clientId && /^[A-Za-z0-9_-]{8,64}$/.test(clientId) ? clientId : fallback;
  return { kind: 'guest', id: `guest:${id}` };
}
