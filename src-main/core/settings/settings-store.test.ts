import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/db';
import { readSettings, updateSettings, defaultSettings } from './settings-store';
import { tempDir } from '../../../test/helpers';
import { run } from '../store/query';

describe('settings store', () => {
  let store: Store;
  let cleanup = () => {};
  const open = () => {
    const t = tempDir();
    cleanup = t.cleanup;
    store = openStore(t.dir);
    return t.dir;
  };
  afterEach(() => {
    store?.close();
    cleanup();
  });

  it('starts from defaults', () => {
    open();
    expect(readSettings(store)).toEqual(defaultSettings());
  });

  it('persists a patch across reopen and merges nested objects', () => {
    const dir = open();
    updateSettings(store, { uiLanguage: 'pt-BR', llm: { enabled: true } });
    store.close();
    store = openStore(dir);
    const s = readSettings(store);
    expect(s.uiLanguage).toBe('pt-BR');
    expect(s.llm.enabled).toBe(true);
    expect(s.llm.baseUrl).toBe(defaultSettings().llm.baseUrl);
  });

  it('rejects invalid values with a one-line error and writes nothing', () => {
    open();
    expect(() => updateSettings(store, { audio: { endOfSpeechMs: 5 } })).toThrow(/invalid settings/);
    expect(() => updateSettings(store, { nope: 1 } as never)).toThrow(/invalid settings/);
    expect(readSettings(store)).toEqual(defaultSettings());
  });

  it('refuses to change a setting locked by policy', () => {
    open();
    expect(() => updateSettings(store, { llm: { enabled: true } }, ['llm.enabled'])).toThrow(/locked by your organisation/);
    expect(readSettings(store).llm.enabled).toBe(false);
  });

  it('falls back to the default for a hand-damaged row', () => {
    open();
    run(store, store.db.insertInto('settings').values([{ key: 'theme', value: '"purple"', updated_at: 0 }, { key: 'uiLanguage', value: 'not json', updated_at: 0 }]));
    expect(readSettings(store).theme).toBe('system');
    expect(readSettings(store).uiLanguage).toBe('system');
  });
});

describe('settings patches', () => {
  it('a patch of one field keeps the other fields of its section', () => {
    const t = tempDir();
    const store = openStore(t.dir);
    updateSettings(store, { asr: { engine: 'pocketsphinx', model: 'small' } });
    updateSettings(store, { asr: { language: 'pt' } });
    expect(readSettings(store).asr).toEqual({ engine: 'pocketsphinx', model: 'small', language: 'pt' });
    store.close();
    t.cleanup();
  });

  it('a section stored without a newer field gets that field from the defaults', () => {
    const t = tempDir();
    const store = openStore(t.dir);
    run(store, store.db.insertInto('settings').values({ key: 'llm', value: JSON.stringify({ enabled: true, baseUrl: 'http://x', model: 'm' }), updated_at: 0 }));
    expect(readSettings(store).llm).toEqual({ enabled: true, baseUrl: 'http://x', model: 'm', timeoutMs: defaultSettings().llm.timeoutMs });
    store.close();
    t.cleanup();
  });
});
