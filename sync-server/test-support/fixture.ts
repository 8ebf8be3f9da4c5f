/** Two tenants with an admin, a manager and two reps each, on a running server's database. */
import { openServerDb } from '../db/database';
import { createEnrollmentToken, createTenant, createUser } from '../admin-service';
import type { TokenResponse } from '../../src-shared/sync-protocol';

export type Api = { status: number; body: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function api(base: string, method: string, path: string, options: { body?: unknown; token?: string; raw?: string } = {}): Promise<Api> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export type TenantFixture = { slug: string; id: string; admin: TokenResponse; manager: TokenResponse; rep: TokenResponse; rep2: TokenResponse; enrollToken: string };
export const PASSWORD = 'correct horse battery';

export async function seedTenants(target: { url: string; dataDir: string; databaseUrl?: string }, slugs = ['alpha', 'beta']): Promise<TenantFixture[]> {
  const { db, close } = await openServerDb({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  const out: TenantFixture[] = [];
  try {
    for (const slug of slugs) {
      const t = await createTenant(db, { slug, name: slug.toUpperCase() });
      for (const [who, role] of [['admin', 'admin'], ['manager', 'manager'], ['rep', 'rep'], ['rep2', 'rep']] as const) {
        await createUser(db, { tenant: slug, email: `${who}@${slug}.test`, role, password: PASSWORD });
      }
      const { token } = await createEnrollmentToken(db, { tenant: slug, user: `rep@${slug}.test` });
      const login = async (who: string) => {
        const res = await api(target.url, 'POST', '/v1/auth/login', { body: { tenant: slug, email: `${who}@${slug}.test`, password: PASSWORD, deviceName: `${who}-laptop` } });
        if (res.status !== 200) throw new Error(`login ${who}@${slug}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body as TokenResponse;
      };
      out.push({ slug, id: t.id, admin: await login('admin'), manager: await login('manager'), rep: await login('rep'), rep2: await login('rep2'), enrollToken: token });
    }
  } finally {
    await close();
  }
  return out;
}

let counter = 0;
/** A valid call-insight op with a unique op id. */
export function callOp(overrides: { opId?: string; entityId?: string; startedAt?: number; transcript?: boolean } = {}) {
  counter += 1;
  const id = overrides.entityId ?? `call-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  return {
    opId: overrides.opId ?? `op-${id}`,
    entity: 'call_insight' as const,
    entityId: id,
    op: 'upsert' as const,
    clientTs: Date.now(),
    payload: {
      callId: id,
      title: 'Discovery call',
      startedAt: overrides.startedAt ?? Date.now(),
      durationMs: 600_000,
      language: 'pt' as const,
      summary: 'Customer worried about price; mentioned Acme CRM.',
      objections: [{ type: 'price' as const, count: 2 }],
      competitors: [{ id: 'acme-crm', count: 1 }],
      sentiment: { avg: 0.1, positive: 3, neutral: 4, negative: 2 },
      hints: { shown: 4, used: 2, dismissed: 1 },
      ...(overrides.transcript ? { transcript: [{ speaker: 'customer' as const, startMs: 0, text: 'Está caro demais, meu email é [EMAIL]' }] } : {}),
    },
  };
}

/** A fresh enrollment token, made in-process on the server's database (faster than the admin CLI). */
export async function newEnrollmentToken(target: { dataDir: string; databaseUrl?: string }, tenant: string, user?: string): Promise<string> {
  const { db, close } = await openServerDb({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
  try {
    return (await createEnrollmentToken(db, { tenant, user })).token;
  } finally {
    await close();
  }
}
