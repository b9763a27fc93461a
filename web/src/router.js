// router.js: client-side routing over real paths (history API), so every page has a URL that can
// be bookmarked and shared; the page's state (topic, filters, sort) lives in the query string.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();
function notify() { for (const fn of listeners) fn(location.pathname + location.search); }
window.addEventListener('popstate', notify);

export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
  if (!replace) window.scrollTo(0, 0);
}

// Follows same-origin links inside the app without reloading.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/r/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

export function useLocation() {
  const [loc, setLoc] = useState(location.pathname + location.search);
  useEffect(() => {
    listeners.add(setLoc);
    return () => listeners.delete(setLoc);
  }, []);
  return loc;
}

// The current query string as an object, and a setter that replaces it (keeping history short).
export function useQuery() {
  const loc = useLocation();
  const params = Object.fromEntries(new URLSearchParams(loc.split('?')[1] || ''));
  const set = (next, opts) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(next))
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    navigate(location.pathname + (s ? '?' + s : ''), opts);
  };
  return [params, set];
}
