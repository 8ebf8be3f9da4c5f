import { useTranslation } from 'react-i18next';
import { Chip } from '@mui/material';
import type { SentimentTag } from '../../../src-shared/ipc/calls';

export const formatClock = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
};

const COLORS = { negative: 'error', neutral: 'default', positive: 'success' } as const;

export function SentimentChip({ tag }: { tag: SentimentTag | null }) {
  const { t } = useTranslation();
  if (!tag) return <>—</>;
  return <Chip size="small" color={COLORS[tag]} label={t(`calls.sentiment.${tag}`)} data-testid="calls-sentiment" />;
}

/** Hands an exported file to the browser's download (works in Electron's renderer too). */
export function saveFile(file: { fileName: string; mime: string; content: string }): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: `${file.mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
