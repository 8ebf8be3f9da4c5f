import type BetterSqlite3 from 'better-sqlite3';
import { BattlecardPayload, PlaybookPayload, TenantSettingsPayload, type Change } from '../../../src-shared/sync-protocol';
import { writeState } from './state';

/** Local id of a tenant-published row, so it never collides with bundled or user content. */
export const tenantRowId = (entityId: string): string => `tenant:${entityId}`;

/**
 * Applies one pulled page and advances the cursor in ONE transaction: after a crash either
 * both happened or neither, so a page is never skipped nor half-applied.
 *
 * Conflict rule: changes apply in server sequence order; playbooks, battlecards and tenant
 * settings are server-authoritative (a tenant row is overwritten or deleted as the server
 * says, never merged with local edits); bundled and user rows are never touched. Up-entities
 * (insights, forecasts, simulations from this user's other devices, or a manager's team) are
 * not mirrored locally: the team API serves them. Invalid payloads are skipped, not fatal.
 */
export function applyPage(sqlite: BetterSqlite3.Database, changes: Change[], cursor: number): { applied: number; skipped: number } {
  let applied = 0;
  let skipped = 0;
  const upsertPlaybook = sqlite.prepare(`INSERT INTO playbooks (id, objection_type, language, title, replies, origin, updated_at) VALUES (?, ?, ?, ?, ?, 'tenant', ?)
    ON CONFLICT(id) DO UPDATE SET objection_type = excluded.objection_type, language = excluded.language, title = excluded.title, replies = excluded.replies, updated_at = excluded.updated_at WHERE playbooks.origin = 'tenant'`);
  const upsertCard = sqlite.prepare(`INSERT INTO battlecards (id, competitor, aliases, language, positioning, landmines, proof_points, talk_track, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'tenant', ?)
    ON CONFLICT(id) DO UPDATE SET competitor = excluded.competitor, aliases = excluded.aliases, language = excluded.language, positioning = excluded.positioning,
    landmines = excluded.landmines, proof_points = excluded.proof_points, talk_track = excluded.talk_track, updated_at = excluded.updated_at WHERE battlecards.origin = 'tenant'`);
  const delPlaybook = sqlite.prepare("DELETE FROM playbooks WHERE id = ? AND origin = 'tenant'");
  const delCard = sqlite.prepare("DELETE FROM battlecards WHERE id = ? AND origin = 'tenant'");
  sqlite.transaction(() => {
    for (const c of changes) {
      const id = tenantRowId(c.entityId);
      if (c.entity === 'playbook') {
        if (c.op === 'delete') delPlaybook.run(id);
        else {
          const p = PlaybookPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          upsertPlaybook.run(id, p.data.objectionType, p.data.language, p.data.title, JSON.stringify(p.data.replies), c.createdAt);
        }
      } else if (c.entity === 'battlecard') {
        if (c.op === 'delete') delCard.run(id);
        else {
          const p = BattlecardPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          const b = p.data;
          upsertCard.run(id, b.competitor, JSON.stringify(b.aliases), b.language, b.positioning, JSON.stringify(b.landmines), JSON.stringify(b.proofPoints), b.talkTrack, c.createdAt);
        }
      } else if (c.entity === 'tenant_settings') {
        const p = TenantSettingsPayload.safeParse(c.payload);
        if (!p.success) {
          skipped += 1;
          continue;
        }
        writeState(sqlite, 'tenantSettings', p.data);
      } else continue;
      applied += 1;
    }
    writeState(sqlite, 'cursor', cursor);
  })();
  return { applied, skipped };
}
