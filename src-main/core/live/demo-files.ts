/** Finds the bundled sample calls (resources/demo) from the bundle (out/main) or from source. */
import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../../src-shared/errors';

function demoDir(): string {
  const candidates = [
    path.resolve(__dirname, '../../resources/demo'),
    path.resolve(__dirname, '../../../resources/demo'),
    path.resolve(process.cwd(), 'resources/demo'),
    // Packaged app: electron-builder copies resources/ next to app.asar.
    ...(typeof (process as { resourcesPath?: string }).resourcesPath === 'string' ? [path.join((process as { resourcesPath?: string }).resourcesPath!, 'demo')] : []),
  ];
  return candidates.find((d) => fs.existsSync(path.join(d, 'demo-en.wav'))) ?? candidates[0]!;
}

export function demoCall(language: 'pt' | 'en'): { wav: string; script: string } {
  const dir = demoDir();
  const wav = path.join(dir, `demo-${language}.wav`);
  const script = path.join(dir, `demo-${language}.script.json`);
  if (!fs.existsSync(wav) || !fs.existsSync(script)) throw new CoreError('unavailable', `the bundled demo call is missing (${wav})`);
  return { wav, script };
}
