import { describe, expect, it } from 'vitest';
import { SyncHttpError, syncErrorNotice } from './http';

describe('syncErrorNotice', () => {
  const server = 'https://sync.acme.example';
  it.each([
    [new SyncHttpError(0, 'network', 'cannot reach'), 'sync.error.network'],
    [new SyncHttpError(401, 'unauthorized', 'enrollment token is used up'), 'sync.error.unauthorized'],
    [new SyncHttpError(403, 'forbidden', 'no'), 'sync.error.forbidden'],
    [new SyncHttpError(404, 'not_found', 'no device'), 'sync.error.notFound'],
    [new SyncHttpError(409, 'refresh_superseded', 'raced'), 'sync.error.conflict'],
    [new SyncHttpError(429, 'rate_limited', 'slow down', 2_500), 'sync.error.rateLimited'],
    [new SyncHttpError(503, 'overloaded', 'busy', 1_000), 'sync.error.overloaded'],
    [new SyncHttpError(500, 'internal', 'boom'), 'sync.error.server'],
    [new SyncHttpError(400, 'bad_request', 'since is too large'), 'sync.error.refused'],
    [new Error('something else'), 'sync.error.other'],
  ])('%s → %s', (err, key) => {
    expect(syncErrorNotice(err, server)).toMatchObject({ key, params: { server } });
  });
  it('says how long the server asked to wait, in whole seconds', () => {
    expect(syncErrorNotice(new SyncHttpError(429, 'rate_limited', 'slow down', 2_500), server).params).toEqual({ server, seconds: 3 });
    expect(syncErrorNotice(new SyncHttpError(500, 'x', 'y'), null).params).toEqual({ server: '', status: 500 });
  });
});
