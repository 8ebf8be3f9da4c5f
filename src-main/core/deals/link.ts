/**
 * A call linked to a deal (issue 15, point 1): picked (the deal's row id or its CRM id), or
 * matched by account: the open deal whose account is the call's customer, or is named in the
 * call's title (accents, case and company suffixes aside). More than one candidate is an
 * error listing them, never a guess.
 */
import { CoreError } from '../../../src-shared/errors';
import type { Store } from '../store/db';
import { callForLink, type DealRow, findDeals, listDeals, setCallDeal } from '../store/deals';

const fold = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\b(ltda|s\.?a|inc|llc|ltd|corp|corporation|co|me|eireli)\b\.?/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

/** The open deals a call may belong to, by its customer (or, without one, its title). */
export function matchDeals(store: Store, callId: string): DealRow[] {
  const call = callForLink(store, callId);
  if (!call) throw new CoreError('not_found', `no call ${callId} (salesedge calls list shows them)`);
  const open = listDeals(store, { outcome: 'open' }).filter((d) => d.account);
  if (call.customer) {
    const c = fold(call.customer);
    return open.filter((d) => fold(d.account!) === c);
  }
  const title = ` ${fold(call.title)} `;
  return open.filter((d) => fold(d.account!).length >= 3 && title.includes(` ${fold(d.account!)} `));
}

/** Links the call to `dealRef`, or to the one open deal its account matches; returns the deal. */
export function linkCall(store: Store, callId: string, dealRef?: string): DealRow {
  if (!callForLink(store, callId)) throw new CoreError('not_found', `no call ${callId} (salesedge calls list shows them)`);
  let deal: DealRow;
  if (dealRef !== undefined) {
    const found = findDeals(store, dealRef);
    if (found.length === 0) throw new CoreError('not_found', `no deal ${dealRef} (salesedge deals list shows them)`);
    if (found.length > 1) throw new CoreError('conflict', `${dealRef} is a deal in ${found.map((d) => d.source).join(' and ')}: name it by its row id (${found.map((d) => d.id).join(', ')})`);
    deal = found[0]!;
  } else {
    const m = matchDeals(store, callId);
    if (m.length === 0) throw new CoreError('not_found', `no open deal's account matches call ${callId}'s customer or title: name the deal (salesedge deals link ${callId} DEAL_ID)`);
    if (m.length > 1) throw new CoreError('conflict', `${m.length} open deals match call ${callId}: ${m.map((d) => `${d.external_id ?? d.id} (${d.name})`).join(', ')}; name one`);
    deal = m[0]!;
  }
  setCallDeal(store, callId, deal.id);
  return deal;
}

export function unlinkCall(store: Store, callId: string): void {
  if (!setCallDeal(store, callId, null)) throw new CoreError('not_found', `no call ${callId} (salesedge calls list shows them)`);
}
