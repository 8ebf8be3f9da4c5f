import { z } from 'zod';
import { isRequestChannel, requests, type IpcError, type ParsedRequestOf, type RequestChannel, type ResponseOf } from '../../../src-shared/ipc';
import { CoreError, oneLine } from '../../../src-shared/errors';
import type { Core } from '../core';
import { enforcePolicy } from '../policy/gate';

/** A handler per request channel; the compiler checks the map is complete. */
export type Handlers = {
  [C in RequestChannel]: (payload: ParsedRequestOf<C>, core: Core) => Promise<z.input<(typeof requests)[C]['response']>> | z.input<(typeof requests)[C]['response']>;
};

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: IpcError };

/**
 * The single entry point of every transport: validates the channel and payload with the
 * contract's zod schemas, checks it against the IT policy (policy/gate.ts: one gate for every
 * transport), runs the handler, validates its response. Errors become one-line IpcErrors;
 * nothing unvalidated or unchecked reaches the core.
 */
export function createDispatcher(core: Core, handlers: Handlers) {
  return async function dispatch(channel: string, payload: unknown): Promise<DispatchResult> {
    if (!isRequestChannel(channel)) return { ok: false, error: { code: 'bad_request', message: `unknown request channel: ${channel}` } };
    const spec = requests[channel];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, error: { code: 'bad_request', message: `invalid payload for ${channel}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` } };
    }
    try {
      const handler = handlers[channel] as (p: unknown, c: Core) => unknown;
      const raw = await handler(enforcePolicy(core, channel, parsed.data), core);
      const result = spec.response.parse(raw) as ResponseOf<typeof channel>;
      return { ok: true, result };
    } catch (err) {
      if (err instanceof CoreError) return { ok: false, error: { code: err.code, message: err.message, ...(err.notice ? { notice: err.notice } : {}) } };
      core.log.error({ err, channel }, 'request failed');
      return { ok: false, error: { code: 'internal', message: `${channel} failed: ${oneLine(err)}` } };
    }
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;
