import { describe, expect, it } from 'vitest';
import { type Store } from './db';
import { freshStores } from '../../../test/stores';
import { BUNDLED_BATTLECARDS, BUNDLED_PLAYBOOKS, seedBundledContent } from '../hints/bundled';

describe('bundled content upsert', () => {
  const fresh = freshStores();
  const row = (store: Store, table: 'playbooks' | 'battlecards', id: string) => store.sqlite.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>;

  it('inserts every bundled row once, then only the bundled rows whose text an older version wrote', () => {
    const store = fresh();
    expect(seedBundledContent(store, 100)).toEqual({ playbooks: BUNDLED_PLAYBOOKS.length, battlecards: BUNDLED_BATTLECARDS.length });
    expect(row(store, 'playbooks', 'playbook:price:en')).toMatchObject({ origin: 'bundled', updated_at: 100 });
    // Text left by an older app version, on bundled, user and tenant rows.
    store.sqlite.prepare("UPDATE playbooks SET title = 'old', updated_at = 1 WHERE id = 'playbook:price:en'").run();
    store.sqlite.prepare("UPDATE playbooks SET replies = '[\"mine\"]', origin = 'user', updated_at = 1 WHERE id = 'playbook:price:pt'").run();
    store.sqlite.prepare("UPDATE battlecards SET talk_track = 'old', updated_at = 1 WHERE id = 'battlecard:gong:en'").run();
    store.sqlite.prepare("UPDATE battlecards SET landmines = '[]', origin = 'tenant', updated_at = 1 WHERE id = 'battlecard:gong:pt'").run();
    expect(seedBundledContent(store, 200)).toEqual({ playbooks: 1, battlecards: 1 });
    const price = BUNDLED_PLAYBOOKS.find((p) => p.objectionType === 'price' && p.language === 'en')!;
    expect(row(store, 'playbooks', 'playbook:price:en')).toMatchObject({ title: price.title, replies: JSON.stringify(price.replies), origin: 'bundled', updated_at: 200 });
    expect(row(store, 'playbooks', 'playbook:price:pt')).toMatchObject({ replies: '["mine"]', origin: 'user', updated_at: 1 });
    const gong = BUNDLED_BATTLECARDS.find((b) => b.competitor === 'gong' && b.language === 'en')!;
    expect(row(store, 'battlecards', 'battlecard:gong:en')).toMatchObject({ talk_track: gong.talkTrack, origin: 'bundled', updated_at: 200 });
    expect(row(store, 'battlecards', 'battlecard:gong:pt')).toMatchObject({ landmines: '[]', origin: 'tenant', updated_at: 1 });
    // Untouched rows keep their time.
    expect(row(store, 'playbooks', 'playbook:timing:en')).toMatchObject({ updated_at: 100 });
  });
});
