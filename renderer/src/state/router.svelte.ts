/**
 * Hash routes, so the app works from a custom protocol, a static file server
 * and the web host alike, and a reload lands where the learner was:
 *   #/lesson/<id>/<step, counted from 1>   #/settings   #/about   #/models
 * Anything else (including an empty hash) is the home route, which the app
 * replaces with the last lesson the learner visited.
 */
export type Route =
  | { name: 'home' }
  | { name: 'lesson'; lessonId: string; /** 0-based; the URL shows it 1-based. */ stepIndex: number }
  | { name: 'settings' }
  | { name: 'about' }
  | { name: 'models' }
  | { name: 'notFound'; path: string };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '');
  if (path === '' || path === '/') return { name: 'home' };
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'settings' && parts.length === 1) return { name: 'settings' };
  if (parts[0] === 'about' && parts.length === 1) return { name: 'about' };
  if (parts[0] === 'models' && parts.length === 1) return { name: 'models' };
  if (parts[0] === 'lesson' && parts[1] && parts.length <= 3) {
    const step = parts[2] === undefined ? 1 : Number.parseInt(parts[2], 10);
    return { name: 'lesson', lessonId: parts[1], stepIndex: Number.isFinite(step) && step >= 1 ? step - 1 : 0 };
  }
  return { name: 'notFound', path };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'lesson':
      return `#/lesson/${encodeURIComponent(route.lessonId)}/${route.stepIndex + 1}`;
    case 'settings':
      return '#/settings';
    case 'about':
      return '#/about';
    case 'models':
      return '#/models';
    case 'notFound':
      return `#${route.path}`;
  }
}

const state = $state<{ route: Route }>({
  route: typeof location === 'undefined' ? { name: 'home' } : parseHash(location.hash),
});

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    state.route = parseHash(location.hash);
  });
}

export const router = {
  get route(): Route {
    return state.route;
  },
  /** Goes to `route`, adding a history entry (Back returns). */
  navigate(route: Route): void {
    const href = hrefFor(route);
    if (location.hash === href) return;
    location.hash = href;
    state.route = parseHash(href);
  },
  /** Goes to `route` without a history entry (redirects, clamping a step number). */
  replace(route: Route): void {
    const href = hrefFor(route);
    history.replaceState(history.state, '', href);
    state.route = parseHash(href);
  },
};
