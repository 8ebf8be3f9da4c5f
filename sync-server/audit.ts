import type { Kysely } from 'kysely';
import type { ServerDatabase } from './db/schema';
import { newId } from './auth/tokens';

export type AuditEntry = { tenantId: string | null; actor: string; action: string; detail?: Record<string, unknown>; ip?: string | null };

/** Appends to the audit log (logins, enrollments, token reuse, admin actions). */
export async function audit(db: Kysely<ServerDatabase>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: newId(), tenant_id: entry.tenantId, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}), ip: entry.ip ?? null, created_at: Date.now() })
    .execute();
}
