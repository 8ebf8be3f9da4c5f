import fs from 'node:fs';
import { it } from 'vitest';
import { redact } from './redact';
it('scratch', () => {
  const lines = fs.readFileSync('/tmp/pii/in.txt', 'utf8').split('\n').filter(Boolean);
  const out = lines.map((l) => { const [lang, t] = [l.slice(0, 2) as 'pt' | 'en', l.slice(3)]; const r = redact(t, lang); return `${r === t ? '  ' : '* '}${t}\n    => ${r}`; });
  fs.writeFileSync('/tmp/pii/out.txt', out.join('\n') + '\n');
});
