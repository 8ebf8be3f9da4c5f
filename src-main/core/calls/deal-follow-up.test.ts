import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftDealFollowUp, dueAfter, pushDealFollowUp } from './deal-follow-up';
import { ptCall } from './sample-calls';
import { seedCall } from './seed-calls';
import { importDeals } from '../deals/import';
import { linkCall } from '../deals/link';
import type { CrmConnector } from '../deals/hubspot';
import { freshStores } from '../../../test/stores';
import { repoRoot } from '../../../test/helpers';

const fresh = freshStores();
// Thursday 2025-04-03 15:00 UTC.
const THURSDAY = Date.UTC(2025, 3, 3, 15, 0);

describe('the follow-up of a call linked to a deal', () => {
  it('dueAfter: two working days, weekends skipped', () => {
    expect(dueAfter(THURSDAY).toISOString()).toBe('2025-04-07T12:00:00.000Z');
    expect(dueAfter(Date.UTC(2025, 3, 1, 9)).toISOString()).toBe('2025-04-03T12:00:00.000Z');
  });

  it('an ended call linked to a deal: the drafted e-mail as a task due two working days later, the summary as a note, written to the CRM', async () => {
    const store = fresh();
    importDeals(store, path.join(repoRoot, 'test/fixtures/crm/exports/hubspot-en.csv'));
    importDeals(store, path.join(repoRoot, 'test/fixtures/crm/exports/salesforce-pt.csv'));
    const callId = seedCall(store, ptCall({ startedAt: THURSDAY - 600_000 }));
    expect(() => draftDealFollowUp(store, callId)).toThrow(/is linked to no deal: link it first/);
    linkCall(store, callId, '9845120333');
    const f = draftDealFollowUp(store, callId);
    expect(f).toMatchObject({ callId, language: 'pt', deal: { crmId: '9845120333', source: 'hubspot', name: 'Fabrikam - Enterprise' } });
    expect(f.task.subject.length).toBeGreaterThan(0);
    expect(f.task.body.length).toBeGreaterThan(20);
    expect(f.note.length).toBeGreaterThan(20);
    expect(f.task.dueAt).toBe('2025-04-07T12:00:00.000Z');

    const written: { kind: string; dealId: string; body: unknown }[] = [];
    const crm: CrmConnector = {
      source: 'hubspot',
      listDeals: async () => [],
      addNote: async (dealId, note) => (written.push({ kind: 'note', dealId, body: note.body }), { id: 'n1' }),
      addTask: async (dealId, task) => (written.push({ kind: 'task', dealId, body: { subject: task.subject, dueAt: task.dueAt.toISOString() } }), { id: 't1' }),
    };
    const pushed = await pushDealFollowUp(store, callId, crm);
    expect(pushed).toMatchObject({ noteId: 'n1', taskId: 't1' });
    expect(written).toEqual([
      { kind: 'note', dealId: '9845120333', body: f.note },
      { kind: 'task', dealId: '9845120333', body: { subject: f.task.subject, dueAt: f.task.dueAt } },
    ]);

    // A deal from a CSV-only CRM: drafted, not pushed.
    linkCall(store, callId, '0065g00000AbC04');
    await expect(pushDealFollowUp(store, callId, crm)).rejects.toThrow(/came from salesforce, not hubspot: the follow-up is drafted only/);
  });
});
