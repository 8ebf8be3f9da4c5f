import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { LIVE_CHANGE_EVENT, UP_ENTITIES, type Change } from '../src-shared/sync-protocol';
import { verifyAccessToken, type Principal } from './auth/tokens';
import type { KeyRing } from './auth/signing-keys';
import type { StoredChange } from './sync/change-log';

export type Live = { publish(changes: StoredChange[]): void; close(): Promise<void>; io: Server };

/**
 * Live fan-out over socket.io. Rooms are derived from the access token only: a socket joins
 * its tenant's room, its own user's room and (managers, admins) the tenant's staff room.
 * Down entities go to the tenant room; a rep's pushes go to that rep and the staff room, so
 * reps never see each other's data and no tenant ever sees another's. With a Redis URL the
 * adapter relays events between server processes.
 */
export async function startLive(server: http.Server, signingKeys: KeyRing, redisUrl?: string): Promise<Live> {
  const io = new Server(server, { serveClient: false, maxHttpBufferSize: 64 * 1024, cors: { origin: false } });
  const closers: (() => Promise<unknown>)[] = [];
  if (redisUrl) {
    const pub = createClient({ url: redisUrl });
    const sub = pub.duplicate();
    for (const c of [pub, sub]) c.on('error', () => undefined); // reconnects by itself; logged by callers
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    // With Redis gone, quit() would wait for a reconnect that may never come, and destroy()
    // would reject the adapter's queued unsubscribes, which it never handles (an unhandled
    // rejection ends the process). So a client that is not connected only stops reconnecting,
    // and what it queued is left unanswered; a connected one drains and closes.
    closers.push(() => Promise.allSettled([pub, sub].filter((c) => c.isOpen).map((c) => (c.isReady ? c.close() : void c.close()))));
  }
  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const who = typeof token === 'string' ? verifyAccessToken(signingKeys, token) : 'no access token in the handshake';
    if (typeof who === 'string') return next(new Error(who));
    socket.data.principal = who;
    next();
  });
  io.on('connection', (socket: Socket) => {
    const who = socket.data.principal as Principal;
    void socket.join(rooms(who));
    // Clients cannot pick rooms; this answers an explicit subscribe attempt so a client
    // (and the isolation tests) get a clear refusal for anything but their own tenant.
    socket.on('subscribe', (req: unknown, ack?: (res: unknown) => void) => {
      const tenantId = (req as { tenantId?: unknown } | null)?.tenantId;
      if (typeof ack !== 'function') return;
      if (tenantId !== who.tenantId) ack({ ok: false, error: { code: 'forbidden', message: 'you may subscribe to your own tenant only' } });
      else ack({ ok: true });
    });
    // Access tokens are short-lived: drop the socket when its token expires.
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, who.exp * 1000 - Date.now()));
    socket.on('disconnect', () => clearTimeout(timer));
  });
  return {
    io,
    publish(changes) {
      // One frame per room per push (not per change): a 10-op batch is one socket message.
      const byRoom = new Map<string, Change[]>();
      for (const c of changes) {
        const { tenantId, ...change } = c;
        const up = (UP_ENTITIES as readonly string[]).includes(c.entity);
        for (const room of up ? [`t:${tenantId}:staff`, `t:${tenantId}:u:${c.userId}`] : [`t:${tenantId}`]) {
          const list = byRoom.get(room) ?? [];
          list.push(change);
          byRoom.set(room, list);
        }
      }
      for (const [room, list] of byRoom) io.to(room).emit(LIVE_CHANGE_EVENT, list);
    },
    async close() {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const c of closers) await c();
    },
  };
}

const rooms = (who: Principal): string[] => [`t:${who.tenantId}`, `t:${who.tenantId}:u:${who.userId}`, ...(who.role === 'rep' ? [] : [`t:${who.tenantId}:staff`])];
