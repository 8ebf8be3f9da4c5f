import { BattlecardPayload, PersonaPayload, PlaybookPayload, ScenarioPayload, TenantSettingsPayload, type Change } from '../../../src-shared/sync-protocol';
import type { Store } from '../store/db';
import { deleteTenantRow, upsertTenantBattlecard, upsertTenantPersona, upsertTenantPlaybook, upsertTenantScenario } from '../store/content';
import { transaction } from '../store/query';
import { writeState } from '../store/sync-state';

/** Local id of a tenant-published row, so it never collides with bundled or user content. */
const tenantRowId = (entityId: string): string => `tenant:${entityId}`;

/**
 * Applies one pulled page and advances the cursor in ONE transaction: after a crash either
 * both happened or neither, so a page is never skipped nor half-applied.
 *
 * Conflict rule: changes apply in server sequence order; playbooks, battlecards, role-play
 * personas and scenarios and tenant settings are server-authoritative (a tenant row is overwritten or deleted as the server
 * says, never merged with local edits); bundled and user rows are never touched. Up-entities
 * (insights, forecasts, simulations from this user's other devices, or a manager's team) are
 * not mirrored locally: the team API serves them. Invalid payloads are skipped, not fatal.
 */
export function applyPage(store: Store, changes: Change[], cursor: number): { applied: number; skipped: number } {
  let applied = 0;
  let skipped = 0;
  transaction(store, () => {
    for (const c of changes) {
      const id = tenantRowId(c.entityId);
      if (c.entity === 'playbook') {
        if (c.op === 'delete') deleteTenantRow(store, 'playbooks', id);
        else {
          const p = PlaybookPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          upsertTenantPlaybook(store, { id, objection_type: p.data.objectionType, language: p.data.language, title: p.data.title, replies: JSON.stringify(p.data.replies), updated_at: c.createdAt });
        }
      } else if (c.entity === 'battlecard') {
        if (c.op === 'delete') deleteTenantRow(store, 'battlecards', id);
        else {
          const p = BattlecardPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          const b = p.data;
          upsertTenantBattlecard(store, {
            id, competitor: b.competitor, aliases: JSON.stringify(b.aliases), language: b.language, positioning: b.positioning, landmines: JSON.stringify(b.landmines),
            proof_points: JSON.stringify(b.proofPoints), talk_track: b.talkTrack, updated_at: c.createdAt,
          });
        }
      } else if (c.entity === 'persona') {
        if (c.op === 'delete') deleteTenantRow(store, 'personas', id);
        else {
          const p = PersonaPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          const v = p.data;
          upsertTenantPersona(store, {
            id, persona: v.id, language: v.language, name: v.name, role: v.role, temperament: v.temperament, goals: v.goals, hidden_concern: v.hiddenConcern,
            objections: JSON.stringify(v.objections), pushback: v.pushback, opening: JSON.stringify(v.opening), reveal: JSON.stringify(v.reveal), updated_at: c.createdAt,
          });
        }
      } else if (c.entity === 'scenario') {
        if (c.op === 'delete') deleteTenantRow(store, 'scenarios', id);
        else {
          const p = ScenarioPayload.safeParse(c.payload);
          if (!p.success) {
            skipped += 1;
            continue;
          }
          const v = p.data;
          upsertTenantScenario(store, {
            id, scenario: v.id, language: v.language, title: v.title, product: v.product, situation: v.situation, rep_goal: v.repGoal, persona: v.persona,
            objections: JSON.stringify(v.objections), pass_mark: v.passMark, meeting_turns: v.meetingTurns ?? null, updated_at: c.createdAt,
          });
        }
      } else if (c.entity === 'tenant_settings') {
        const p = TenantSettingsPayload.safeParse(c.payload);
        if (!p.success) {
          skipped += 1;
          continue;
        }
        writeState(store, 'tenantSettings', p.data);
      } else continue;
      applied += 1;
    }
    writeState(store, 'cursor', cursor);
  });
  return { applied, skipped };
}
