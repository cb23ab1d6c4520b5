import { useEffect } from 'preact/hooks';

/**
 * Keeps `document.title` at "<the page's first h1> · Ingot", so tabs, history
 * and screen readers name the page without every page declaring a title; an element
 * with `data-title` (a repository page's header: "Issues · owner/repo") names it instead.
 */
export function usePageTitle(main: () => HTMLElement | null): void {
  useEffect(() => {
    const root = main();
    if (!root) return;
    const update = () => {
      const named = root.querySelector('[data-title]')?.getAttribute('data-title');
      const heading = named || root.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim();
      const title = heading ? `${heading} · Ingot` : 'Ingot';
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['data-title'],
    });
    return () => observer.disconnect();
  }, []);
}
