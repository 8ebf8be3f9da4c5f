import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder holding the bundled NLP models (objection/, sentiment/). The same code runs from
 * source (src-main/core/nlp -> repo models/), bundled (out/main -> repo models/) and packaged
 * (resources/models), so every location is tried; an explicit folder always wins.
 */
export function resolveModelsDir(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const resources = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  const candidates = [
    process.env.SALESEDGE_NLP_MODELS_DIR,
    path.join(__dirname, '../../models'),
    path.resolve(__dirname, '../../../models'),
    resources ? path.join(resources, 'models') : undefined,
    path.resolve(process.cwd(), 'models'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'objection', 'config.json'))) ?? candidates[0]!;
}
