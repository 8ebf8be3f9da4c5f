/**
 * The one typed contract between the UI and the core (design.md). Every request channel has
 * a zod schema for its payload and its response; every event a schema for its payload.
 * Transports: Electron IPC through the preload, or a local WebSocket (`salesedge serve-ui`).
 * Both validate with these schemas at the boundary. Domains live in ./ipc/*.ts and are
 * merged here so each domain's contract sits next to its own types.
 */
import { z } from 'zod';
import { appEvents, appRequests } from './ipc/app';
import { liveEvents, liveRequests } from './ipc/live';
import { playbookEvents, playbookRequests } from './ipc/playbooks';
import { callsEvents, callsRequests } from './ipc/calls';
import { syncEvents, syncRequests } from './ipc/sync';
import { audioEvents, audioRequests } from './ipc/audio';
import { simulatorEvents, simulatorRequests } from './ipc/simulator';
import { dealsEvents, dealsRequests, tasksRequests } from './ipc/deals';
import { Notice } from './notice';

export const requests = {
  ...appRequests,
  ...liveRequests,
  ...playbookRequests,
  ...callsRequests,
  ...syncRequests,
  ...audioRequests,
  ...simulatorRequests,
  ...dealsRequests,
  ...tasksRequests,
} as const;

const events = {
  ...appEvents,
  ...liveEvents,
  ...playbookEvents,
  ...callsEvents,
  ...syncEvents,
  ...audioEvents,
  ...simulatorEvents,
  ...dealsEvents,
} as const;

type Requests = typeof requests;
type Events = typeof events;
export type RequestChannel = keyof Requests;
export type EventName = keyof Events;
/** What a caller sends (defaults may be omitted). */
export type RequestOf<C extends RequestChannel> = z.input<Requests[C]['request']>;
/** What a handler receives after validation. */
export type ParsedRequestOf<C extends RequestChannel> = z.output<Requests[C]['request']>;
export type ResponseOf<C extends RequestChannel> = z.output<Requests[C]['response']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** The API the renderer sees, whatever the transport. */
export type CoreApi = {
  invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export const isRequestChannel = (name: string): name is RequestChannel => Object.hasOwn(requests, name);
export const isEventName = (name: string): name is EventName => Object.hasOwn(events, name);

/** Error codes a request can fail with; `message` is one line meant for a person. */
export const IpcError = z.object({
  code: z.enum(['bad_request', 'not_found', 'conflict', 'unavailable', 'internal']),
  message: z.string(),
  /** The same in a UI's catalogue (src-shared/notice.ts), when the core has words for it. */
  notice: Notice.optional(),
});
export type IpcError = z.infer<typeof IpcError>;

/** Envelope used by message-based transports (WebSocket, utilityProcess port). */
export const WireMessage = z.union([
  z.object({ kind: z.literal('request'), id: z.number().int(), channel: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: IpcError }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type WireMessage = z.infer<typeof WireMessage>;

/** Electron IPC channel names used by the preload and the main process. */
export const ELECTRON_INVOKE_CHANNEL = 'salesedge:invoke';
export const ELECTRON_EVENT_CHANNEL = 'salesedge:event';
