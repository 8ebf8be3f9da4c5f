import { useEffect, useState } from 'react';

export const PAGES = ['live', 'calls', 'playbooks', 'simulator', 'deals', 'team', 'settings'] as const;
export type Page = (typeof PAGES)[number];
type Route = { page: Page | 'overlay'; params: string[] };

/** Hash routes (#/calls/ID) work the same from file:// in Electron and http:// in a browser. */
function parseRoute(hash: string): Route {
  const [first, ...params] = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (first === 'overlay') return { page: 'overlay', params };
  return { page: (PAGES as readonly string[]).includes(first ?? '') ? (first as Page) : 'live', params };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

export const navigate = (page: Page, ...params: string[]): void => {
  window.location.hash = `#/${[page, ...params].join('/')}`;
};
