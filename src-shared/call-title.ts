/**
 * The title a call gets when nobody names it: "Replayed call 2025-03-31 14:05", in local time
 * (local-date.ts). The stored text is English (the CLI's language); a UI recognises it and
 * shows its own words and date format instead (calls.defaultTitle.* in the catalogues).
 */
import { localDateTime } from './local-date';

type CallKind = 'live' | 'import' | 'demo' | 'replay';

const PREFIX: Record<CallKind, string> = { live: 'Call', import: 'Imported call', demo: 'Demo call', replay: 'Replayed call' };

export const defaultCallTitle = (kind: CallKind, at: number | Date = Date.now()): string => `${PREFIX[kind]} ${localDateTime(at)}`;

const PATTERN = /^(Call|Imported call|Demo call|Replayed call) (\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/;

/** The kind and the local time written in a default title; null for a title someone chose. */
export function parseDefaultTitle(title: string): { kind: CallKind; at: number } | null {
  const m = PATTERN.exec(title);
  if (!m) return null;
  const kind = (Object.keys(PREFIX) as CallKind[]).find((k) => PREFIX[k] === m[1])!;
  const [y, mo, d] = m[2]!.split('-').map(Number) as [number, number, number];
  return { kind, at: new Date(y, mo - 1, d, Number(m[3]), Number(m[4])).getTime() };
}
