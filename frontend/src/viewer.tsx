import { createContext, type ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useContext, useEffect } from 'preact/hooks';
import { Loading } from './components/ui';

export type Viewer = { id: string; login: string; name: string; isSiteAdmin: boolean };

export const ViewerContext = createContext<{ viewer: Viewer | null; loading: boolean }>({
  viewer: null,
  loading: false,
});

export function useViewer() {
  return useContext(ViewerContext);
}

/** Renders its children for a signed-in viewer; sends anyone else to sign in. */
export function RequireSignIn({ children }: { children: (viewer: Viewer) => ComponentChildren }) {
  const { viewer, loading } = useViewer();
  const { url, route } = useLocation();
  useEffect(() => {
    if (!viewer && !loading) route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [viewer, loading, url]);
  if (!viewer) return <Loading />;
  return <>{children(viewer)}</>;
}
