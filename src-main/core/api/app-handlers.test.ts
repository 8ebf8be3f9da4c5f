import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../core';
import { createDispatcher } from './dispatch';
import { handlers } from './handlers';
import { LLM_API_KEY_ENV } from '../llm/tailor';
import { tempDir } from '../../../test/helpers';
import { all } from '../store/query';

describe('llm.setApiKey', () => {
  const saved = process.env[LLM_API_KEY_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[LLM_API_KEY_ENV];
    else process.env[LLM_API_KEY_ENV] = saved;
  });

  it('sets the key for this process only, never returns it, and removes it', async () => {
    delete process.env[LLM_API_KEY_ENV];
    const t = tempDir();
    const core = createCore({ dataDir: path.join(t.dir, 'data'), policyFile: path.join(t.dir, 'none.json') });
    const dispatch = createDispatcher(core, handlers);
    try {
      expect(await dispatch('app.info', {})).toMatchObject({ ok: true, result: { llmKeySet: false } });
      expect(await dispatch('llm.setApiKey', { key: '  sk-test-123  ' })).toEqual({ ok: true, result: { stored: 'session' } });
      expect(process.env[LLM_API_KEY_ENV]).toBe('sk-test-123');
      const info = await dispatch('app.info', {});
      expect(info).toMatchObject({ ok: true, result: { llmKeySet: true } });
      expect(JSON.stringify(info)).not.toContain('sk-test-123');
      // Nothing about the key is written to the database.
      expect(JSON.stringify(all(core.store, core.store.db.selectFrom('settings').selectAll()))).not.toContain('sk-test');
      expect(await dispatch('llm.setApiKey', { key: '' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await dispatch('llm.setApiKey', { key: null })).toEqual({ ok: true, result: { stored: 'removed' } });
      expect(process.env[LLM_API_KEY_ENV]).toBeUndefined();
    } finally {
      await core.close();
      t.cleanup();
    }
  });
});
