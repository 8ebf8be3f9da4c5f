import { io, type Socket } from 'socket.io-client';
import { DOWN_ENTITIES, LIVE_CHANGE_EVENT, type Change } from '../../../src-shared/sync-protocol';

export type LiveLink = { close(): void; connected(): boolean };

/**
 * The device's live link to the sync server: socket.io with the access token in the
 * handshake (fetched afresh on every reconnect, since the server drops a socket when its
 * token expires). When tenant content changes (playbooks, battlecards, settings) the
 * callback runs, and the runtime pulls at once instead of waiting for the next round.
 */
export function connectLive(serverUrl: string, token: () => Promise<string>, onDownChange: (changes: Change[]) => void): LiveLink {
  const socket: Socket = io(serverUrl, {
    transports: ['websocket'],
    reconnectionDelay: 2000,
    reconnectionDelayMax: 60_000,
    randomizationFactor: 0.5,
    auth: (cb) => void token().then((t) => cb({ token: t }), () => cb({})),
  });
  socket.on(LIVE_CHANGE_EVENT, (changes: Change[]) => {
    const down = Array.isArray(changes) ? changes.filter((c) => (DOWN_ENTITIES as readonly string[]).includes(c.entity)) : [];
    if (down.length > 0) onDownChange(down);
  });
  return { close: () => void socket.close(), connected: () => socket.connected };
}
