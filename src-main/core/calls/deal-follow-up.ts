/**
 * The follow-up of a call linked to a deal (issue 15, point 4): once the call has ended, the
 * local summary's drafted e-mail becomes a task due two working days after the call, and the
 * summary a note; both written to the deal in its CRM when a live connector has it (HubSpot).
 * The local task made by itself at call end, its list and its reminders: follow-up-tasks.ts.
 */
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { callForLink, getDeal } from '../store/deals';
import type { CrmConnector } from '../deals/hubspot';
import { localSummary } from './summarize';

export type DealFollowUp = {
  callId: string;
  deal: { id: string; crmId: string | null; source: string | null; name: string };
  language: 'pt' | 'en';
  task: { subject: string; body: string; dueAt: string };
  note: string;
};

/** Two working days (Saturday and Sunday skipped) after `t`, at noon UTC. */
export function dueAfter(t: number, workingDays = 2): Date {
  const d = new Date(t);
  d.setUTCHours(12, 0, 0, 0);
  let left = workingDays;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d;
}

export function draftDealFollowUp(store: Store, callId: string): DealFollowUp {
  const call = callForLink(store, callId);
  if (!call) throw new CoreError('not_found', `no call ${callId} (salesedge calls list shows them)`);
  if (!call.deal_id) throw new CoreError('bad_request', `call ${callId} is linked to no deal: link it first (salesedge deals link ${callId} [DEAL_ID])`);
  if (call.ended_at === null) throw new CoreError('bad_request', `call ${callId} has not ended yet: its follow-up is drafted when it ends`);
  const deal = getDeal(store, call.deal_id)!;
  const summary = localSummary(store, callId);
  return {
    callId,
    deal: { id: deal.id, crmId: deal.external_id, source: deal.source, name: deal.name },
    language: summary.language,
    task: { subject: summary.followUpEmail.subject, body: summary.followUpEmail.body, dueAt: dueAfter(call.ended_at).toISOString() },
    note: summary.text,
  };
}

/** Drafts the follow-up and writes the note and the task on the deal in its CRM. */
export async function pushDealFollowUp(store: Store, callId: string, connector: CrmConnector): Promise<DealFollowUp & { noteId: string; taskId: string }> {
  const f = draftDealFollowUp(store, callId);
  if (f.deal.source !== connector.source || !f.deal.crmId) throw new CoreError('bad_request', `deal ${f.deal.crmId ?? f.deal.id} came from ${f.deal.source ?? 'no CRM'}, not ${connector.source}: the follow-up is drafted only (no live connector for it)`);
  const note = await connector.addNote(f.deal.crmId, { body: f.note, at: new Date() });
  const task = await connector.addTask(f.deal.crmId, { subject: f.task.subject, body: f.task.body, dueAt: new Date(f.task.dueAt) });
  return { ...f, noteId: note.id, taskId: task.id };
}
