/**
 * Numbered SQL migrations (`NNNN-name.sql`), bundled into the build by Vite so the CLI and
 * the app carry them without reading files at run time. `PRAGMA user_version` records the
 * last one applied.
 */
const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

type Migration = { version: number; name: string; sql: string };

export const migrations: Migration[] = checkMigrations(
  Object.entries(files).map(([path, sql]) => {
    const name = path.split('/').pop()!.replace(/\.sql$/, '');
    const match = /^(\d{4})-/.exec(name);
    if (!match) throw new Error(`migration file name must start with four digits: ${name}`);
    return { version: Number(match[1]), name, sql };
  }),
);

/**
 * Sorts migrations by number and refuses two files with the same number: `user_version`
 * records only the number, so the second one would silently never run.
 */
export function checkMigrations(list: Migration[]): Migration[] {
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) throw new Error(`two migrations share number ${sorted[i]!.version}: ${sorted[i - 1]!.name} and ${sorted[i]!.name}`);
  }
  return sorted;
}

export const latestSchemaVersion = (): number => migrations.at(-1)?.version ?? 0;
