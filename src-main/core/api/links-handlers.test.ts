import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { createDispatcher } from './dispatch';
import { handlers } from './handlers';
import { createLogger } from '../logger';
import { tempDir } from '../../../test/helpers';

describe('links.hosts: where the desktop app may open links', () => {
  const cores: { core: Core; cleanup(): void }[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) {
      await c.core.close();
      c.cleanup();
    }
  });

  it('the hosts the shown content links to (a rep edit or a tenant battlecard), nothing else', async () => {
    const t = tempDir();
    const core = createCore({ dataDir: t.dir, log: createLogger('silent') });
    cores.push({ core, cleanup: t.cleanup });
    const dispatch = createDispatcher(core, handlers);
    expect(await dispatch('links.hosts', {})).toEqual({ ok: true, result: { hosts: [] } }); // the bundled content links nowhere
    const saved = await dispatch('battlecards.save', {
      id: 'battlecard:gong:en', aliases: ['Gong'], positioning: 'Compare: https://compare.acme.example/gong', landmines: ['Ask about https://status.gong.io'], proofPoints: [], talkTrack: 'See http://insecure.example',
    });
    expect(saved).toMatchObject({ ok: true });
    expect(await dispatch('links.hosts', {})).toEqual({ ok: true, result: { hosts: ['compare.acme.example', 'status.gong.io'] } });
  });
});
