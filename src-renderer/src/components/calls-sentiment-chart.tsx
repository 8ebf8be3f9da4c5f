import { useTranslation } from 'react-i18next';
import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import type { CallDetail } from '../../../src-shared/ipc/calls';
import { formatClock } from './calls-common';

/** Customer sentiment over the call, with a vertical marker at each objection and competitor. */
export function CallsSentimentChart({ detail }: { detail: CallDetail }) {
  const { t } = useTranslation();
  const points = detail.sentiment;
  if (points.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="calls-chart-empty">
        {t('calls.detail.noSentiment')}
      </Typography>
    );
  }
  const end = Math.max(detail.call.durationMs ?? 0, ...points.map((p) => p.atMs), ...detail.markers.map((m) => m.atMs));
  return (
    <Box data-testid="calls-sentiment-chart">
      <LineChart
        height={240}
        xAxis={[{ data: points.map((p) => p.atMs), scaleType: 'linear', min: 0, max: end, valueFormatter: (v: number) => formatClock(v) }]}
        yAxis={[{ min: -1, max: 1 }]}
        series={[
          { data: points.map((p) => p.score), label: t('calls.detail.utterance'), showMark: true, curve: 'linear' },
          { data: points.map((p) => p.rolling), label: t('calls.detail.trend'), showMark: false, curve: 'monotoneX' },
        ]}
        margin={{ left: 8, right: 16, top: 16, bottom: 8 }}
      >
        <ChartsReferenceLine y={0} lineStyle={{ strokeDasharray: '2 4' }} />
        {detail.markers.map((m, i) => (
          <ChartsReferenceLine
            key={i}
            x={m.atMs}
            label={m.kind === 'objection' ? t(`calls.objection.${m.value}`, { defaultValue: m.value }) : m.value}
            labelAlign="start"
            lineStyle={{ stroke: m.kind === 'objection' ? '#d32f2f' : '#ed6c02', strokeDasharray: '4 2' }}
            labelStyle={{ fontSize: 11, fill: m.kind === 'objection' ? '#d32f2f' : '#ed6c02' }}
          />
        ))}
      </LineChart>
    </Box>
  );
}
