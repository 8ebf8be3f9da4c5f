/**
 * Numbered SQL migrations (`NNNN-name.sql`), bundled into the build by Vite so the CLI and
 * the app carry them without reading files at run time. `PRAGMA user_version` records the
 * last one applied.
 */
const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export type Migration = { version: number; name: string; sql: string };

export const migrations: Migration[] = Object.entries(files)
  .map(([path, sql]) => {
    const name = path.split('/').pop()!.replace(/\.sql$/, '');
    const match = /^(\d{4})-/.exec(name);
    if (!match) throw new Error(`migration file name must start with four digits: ${name}`);
    return { version: Number(match[1]), name, sql };
  })
  .sort((a, b) => a.version - b.version);

export const latestSchemaVersion = (): number => migrations.at(-1)?.version ?? 0;
