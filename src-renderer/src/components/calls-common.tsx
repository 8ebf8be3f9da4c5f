import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Chip, Menu, MenuItem } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { ExportFormat, SentimentTag } from '../../../src-shared/ipc/calls';
import { formatClock } from '../../../src-shared/format';

export { formatClock };

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

/** The Export button and its format menu (one call or the filtered list). */
export function ExportMenu({ onExport, disabled, testId }: { onExport(format: ExportFormat): void; disabled?: boolean; testId: string }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button startIcon={<DownloadIcon />} onClick={(e) => setAnchor(e.currentTarget)} disabled={disabled} data-testid={testId}>
        {t('calls.export.button')}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {(['md', 'json', 'csv'] as const).map((f) => (
          <MenuItem
            key={f}
            onClick={() => {
              setAnchor(null);
              onExport(f);
            }}
          >
            {t(`calls.export.${f}`)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
