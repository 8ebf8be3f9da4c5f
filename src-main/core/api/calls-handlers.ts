import type { Handlers } from './dispatch';
import type { Core } from '../core';
import { getCallDetail, knownCompetitors, listAllIds, listCalls } from '../calls/call-queries';
import { deleteCall, purgeExpiredCalls } from '../calls/delete-call';
import { exportCall, exportCallList } from '../calls/export-calls';
import { summarizeCall } from '../calls/summarize';

/** Retention runs before the history is shown, so an expired call is never displayed. */
function applyRetention(core: Core): void {
  const days = core.settings().privacy.retentionDays;
  const purged = purgeExpiredCalls(core.store, days);
  if (purged > 0) {
    core.log.info({ purged, days }, 'retention: purged expired calls');
    core.events.emit('calls.changed', { id: null });
  }
}

export const callsHandlers = {
  'calls.list': (p, core) => {
    applyRetention(core);
    return listCalls(core.store, p);
  },
  'calls.get': (p, core) => getCallDetail(core.store, p.id),
  'calls.summary': (p, core) => summarizeCall(core.store, p.id, { llm: p.llm, settings: core.settings() }),
  'calls.delete': (p, core) => {
    const deleted = deleteCall(core.store, p.id);
    if (deleted) core.events.emit('calls.changed', { id: p.id });
    return { deleted };
  },
  'calls.purge': (_p, core) => {
    const deleted = purgeExpiredCalls(core.store, core.settings().privacy.retentionDays);
    if (deleted > 0) core.events.emit('calls.changed', { id: null });
    return { deleted };
  },
  'calls.facets': (_p, core) => knownCompetitors(core.store),
  'calls.export': (p, core) => {
    if (p.ids?.length === 1 && !p.filter) return exportCall(core.store, p.ids[0]!, p.format, { redact: p.redact });
    return exportCallList(core.store, p.ids ?? listAllIds(core.store, p.filter ?? {}), p.format, { redact: p.redact });
  },
  'calls.import.start': (p, core) => core.imports.start(p.fileName, p.size),
  'calls.import.chunk': (p, core) => core.imports.chunk(p.jobId, p.offset, p.data),
  'calls.import.finish': (p, core) => ({ jobId: core.imports.finish(p.jobId, { language: p.language, title: p.title, script: p.script }).jobId }),
  'calls.import.cancel': (p, core) => ({ cancelled: core.imports.cancel(p.jobId) }),
} satisfies Pick<Handlers, `calls.${string}` & keyof Handlers>;
