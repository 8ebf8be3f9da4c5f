import { describe, expect, it } from 'vitest';
import { OBJECTION_TYPES } from '../../../src-shared/taxonomy';
import { freshStores } from '../../../test/stores';
import { seedBundledContent, BUNDLED_BATTLECARDS } from './bundled';
import { activeBattlecard, activePlaybook, competitorCatalog, competitorSlug, listBattlecards, listPlaybooks, restoreBattlecard, restorePlaybook, saveBattlecard, savePlaybook } from './content-store';
import { run } from '../store/query';

describe('bundled playbooks and battlecards', () => {
  const fresh = freshStores((store) => {
  seedBundledContent(store);
  });

  it('cover every objection type with several replies in pt and en, and the named competitors', () => {
    const store = fresh();
    for (const type of OBJECTION_TYPES) {
      for (const lang of ['pt', 'en'] as const) {
        const pb = activePlaybook(store, type, lang);
        expect(pb, `${type}/${lang}`).not.toBeNull();
        expect(pb!.replies.length).toBeGreaterThanOrEqual(3);
        expect(pb!.origin).toBe('bundled');
      }
    }
    const ids = new Set(listBattlecards(store).map((b) => b.competitor));
    for (const c of ['gong', 'chorus', 'salesforce', 'hubspot', 'pipedrive', 'rd-station', 'outreach', 'salesloft']) expect(ids).toContain(c);
    const rd = activeBattlecard(store, 'RD Station', 'pt')!;
    expect(rd.name).toBe('RD Station');
    expect(rd.landmines.length).toBeGreaterThan(0);
    expect(rd.proofPoints.length).toBeGreaterThan(0);
    expect(rd.talkTrack).toMatch(/RD Station/);
    expect(activeBattlecard(store, 'gong', 'en')!.positioning).toMatch(/Gong/);
  });

  it('seeding twice changes nothing and never overwrites an edit', () => {
    const store = fresh();
    expect(seedBundledContent(store)).toEqual({ playbooks: 0, battlecards: 0 });
    savePlaybook(store, { id: 'playbook:price:en', title: 'Price (ours)', replies: ['Our own reply'] });
    seedBundledContent(store);
    const pb = activePlaybook(store, 'price', 'en')!;
    expect(pb.replies).toEqual(['Our own reply']);
    expect(pb.origin).toBe('user');
  });

  it('edits and restores defaults', () => {
    const store = fresh();
    const saved = saveBattlecard(store, { id: 'battlecard:gong:en', aliases: ['Gong', 'Gong.io'], positioning: 'P', landmines: ['L'], proofPoints: [], talkTrack: 'T' });
    expect(saved).toMatchObject({ origin: 'user', talkTrack: 'T', hasDefault: true });
    const restored = restoreBattlecard(store, 'battlecard:gong:en');
    expect(restored.origin).toBe('bundled');
    expect(restored.talkTrack).toBe(BUNDLED_BATTLECARDS.find((b) => b.competitor === 'gong' && b.language === 'en')!.talkTrack);
    savePlaybook(store, { id: 'playbook:timing:pt', title: 'X', replies: ['Y'] });
    expect(restorePlaybook(store, 'playbook:timing:pt').replies.length).toBeGreaterThanOrEqual(3);
    expect(() => savePlaybook(store, { id: 'nope', title: 'X', replies: ['Y'] })).toThrow(/no playbook with id nope/);
  });

  it('a tenant version replaces the bundled one and cannot be edited locally', () => {
    const store = fresh();
    run(store, store.db.insertInto('playbooks').values({ id: 't1', objection_type: 'price', language: 'en', title: 'Company price line', replies: JSON.stringify(['Company reply']), origin: 'tenant', updated_at: 1 }));
    run(store, store.db.insertInto('battlecards').values({ id: 't2', competitor: 'Gong', aliases: JSON.stringify(['Gong']), language: 'en', positioning: 'Tenant pos', landmines: '[]', proof_points: '[]', talk_track: 'Tenant talk', origin: 'tenant', updated_at: 1 }));
    expect(activePlaybook(store, 'price', 'en')!.replies).toEqual(['Company reply']);
    expect(activeBattlecard(store, 'gong', 'en')!.talkTrack).toBe('Tenant talk');
    const list = listPlaybooks(store, 'en').filter((p) => p.objectionType === 'price');
    expect(list.map((p) => [p.id, p.active])).toEqual(expect.arrayContaining([['t1', true], ['playbook:price:en', false]]));
    expect(() => savePlaybook(store, { id: 't1', title: 'X', replies: ['Y'] })).toThrow(/managed by your company/);
    // Other languages keep the bundled one.
    expect(activePlaybook(store, 'price', 'pt')!.origin).toBe('bundled');
  });

  it('slugs competitor names and builds a catalog of aliases for detection', () => {
    expect(competitorSlug('RD Station')).toBe('rd-station');
    expect(competitorSlug('  Córus ')).toBe('corus');
    const store = fresh();
    const gong = competitorCatalog(store).find((c) => c.id === 'gong')!;
    expect(gong.name).toBe('Gong');
    expect(gong.aliases).toEqual(expect.arrayContaining(['Gong', 'Gong.io']));
  });
});
