import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../src-shared/ipc/sync';
import { useCore } from '../core-context';

/**
 * The sync status, asked once and then kept live from the `sync.status` event. Returns the
 * status (null until it arrives), a setter for answers of sync.* requests, and the one-line
 * error of the first ask, if it failed.
 */
export function useSyncStatus(): [SyncStatus | null, (s: SyncStatus) => void, string | null] {
  const { api } = useCore();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    api.invoke('sync.status', {}).then((s) => !cancelled && setStatus(s), (err: Error) => !cancelled && setError(err.message));
    const off = api.on('sync.status', setStatus);
    return () => {
      cancelled = true;
      off();
    };
  }, [api]);
  return [status, setStatus, error];
}
