import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { CoreApi, EventName, EventPayload } from '../../src-shared/ipc';
import type { Settings, SettingsPatch } from '../../src-shared/settings';
import type { AppInfo } from '../../src-shared/ipc/app';

type CoreState = {
  api: CoreApi;
  info: AppInfo | null;
  settings: Settings | null;
  error: string | null;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
};

const CoreContext = createContext<CoreState | null>(null);

export function CoreProvider({ api, children }: { api: CoreApi; children: ReactNode }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.invoke('app.info', {}), api.invoke('settings.get', {})])
      .then(([i, s]) => {
        if (cancelled) return;
        setInfo(i);
        setSettings(s);
        setError(null);
      })
      .catch((err: Error) => !cancelled && setError(err.message));
    const off = api.on('settings.changed', setSettings);
    return () => {
      cancelled = true;
      off();
    };
  }, [api]);

  const updateSettings = useCallback(
    async (patch: SettingsPatch) => {
      const next = await api.invoke('settings.update', patch);
      setSettings(next);
      return next;
    },
    [api],
  );

  return <CoreContext.Provider value={{ api, info, settings, error, updateSettings }}>{children}</CoreContext.Provider>;
}

export function useCore(): CoreState {
  const ctx = useContext(CoreContext);
  if (!ctx) throw new Error('useCore outside CoreProvider');
  return ctx;
}

/** Subscribes to a core event for the lifetime of the component. */
export function useCoreEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const { api } = useCore();
  useEffect(() => api.on(event, listener), [api, event, listener]);
}
