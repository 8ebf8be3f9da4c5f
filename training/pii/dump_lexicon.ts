import * as L from '../../src-main/core/privacy/lexicon';
const out: Record<string, string[]> = {};
for (const [k, v] of Object.entries(L)) if (v instanceof Set) out[k] = [...v]; else if (Array.isArray(v)) out[k] = v as string[];
console.log(JSON.stringify(out));
