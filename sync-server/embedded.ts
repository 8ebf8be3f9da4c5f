/**
 * The sync server embedded in `salesedge demo`: SQLite in a folder of the demo's data dir, a
 * "demo" tenant with one rep, and a fresh enrollment token, so a newcomer sees insights sync
 * with zero set-up. Production runs `npm run server` (or several processes on PostgreSQL).
 */
import { startSyncServer, type SyncServer } from './app';
import { createEnrollmentToken, createTenant, createUser, tenantBySlug } from './admin-service';
import { HttpError } from './errors';

export type EmbeddedSyncServer = { server: SyncServer; url: string; tenant: string; enrollmentToken: string; close(): Promise<void> };

export async function startEmbeddedSyncServer(options: { dataDir: string; tenant?: string; email?: string }): Promise<EmbeddedSyncServer> {
  const server = await startSyncServer({ dataDir: options.dataDir, host: '127.0.0.1', port: 0, logLevel: 'warn' });
  const db = server.db.db;
  const slug = options.tenant ?? 'demo';
  const email = options.email ?? 'rep@demo.example';
  try {
    await tenantBySlug(db, slug);
  } catch (err) {
    if (!(err instanceof HttpError) || err.status !== 404) throw err;
    await createTenant(db, { slug, name: 'Demo Company' }, 'embedded');
    await createUser(db, { tenant: slug, email, role: 'rep' }, 'embedded');
  }
  const { token } = await createEnrollmentToken(db, { tenant: slug, user: email }, 'embedded');
  return { server, url: server.url, tenant: slug, enrollmentToken: token, close: () => server.close() };
}
