import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Box, Typography } from '@mui/material';
import { LineChart } from '@mui/x-charts/LineChart';
import { ChartsReferenceLine } from '@mui/x-charts/ChartsReferenceLine';
import type { CallDetail } from '../../../src-shared/ipc/calls';
import { formatClock } from './calls-common';
import { markerLanes } from './chart-marker-lanes';

const CUSTOMER_COLOR = '#1976d2';
const TREND_COLOR = '#7b1fa2';
const OBJECTION_COLOR = '#d32f2f';
const COMPETITOR_COLOR = '#ed6c02';
/** Room the y axis and margins take from the box's width (the plot is a little narrower than the box). */
const PLOT_INSET_PX = 64;
const LANE_PX = 14;

/**
 * The customer's sentiment over the call (the rep's lines are not in the data: see
 * core/calls/sentiment-trend.ts): one mark per customer line, the least-squares trend line
 * over them, and a vertical marker at each objection and competitor.
 */
export function CallsSentimentChart({ detail }: { detail: CallDetail }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth || 800);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const points = detail.sentiment;
  if (points.length === 0) {
    return (
      <Typography color="text.secondary" data-testid="calls-chart-empty">
        {t('calls.detail.noSentiment')}
      </Typography>
    );
  }
  const end = Math.max(detail.call.durationMs ?? 0, ...points.map((p) => p.atMs), ...detail.markers.map((m) => m.atMs));
  const first = points[0]!.trend;
  const last = points.at(-1)!.trend;
  // One label per moment, on the first free row: close markers do not print over each other.
  const placed = markerLanes(
    detail.markers.map((m) => ({
      atMs: m.atMs,
      label: m.kind === 'objection' ? t(`calls.objection.${m.value}`, { defaultValue: m.value }) : m.name,
      color: m.kind === 'objection' ? OBJECTION_COLOR : COMPETITOR_COLOR,
    })),
    { endMs: end, widthPx: Math.max(200, width - PLOT_INSET_PX) },
  );
  return (
    <Box
      ref={box}
      data-testid="calls-sentiment-chart"
      data-points={points.length}
      data-trend-start={first.toFixed(2)}
      data-trend-end={last.toFixed(2)}
    >
      <LineChart
        height={260}
        xAxis={[{ data: points.map((p) => p.atMs), scaleType: 'linear', min: 0, max: end, valueFormatter: (v: number) => formatClock(v) }]}
        yAxis={[{ min: -1, max: 1 }]}
        series={[
          { id: 'customer', data: points.map((p) => p.score), label: t('calls.detail.utterance'), showMark: true, curve: 'linear', color: CUSTOMER_COLOR },
          { id: 'trend', data: points.map((p) => p.trend), label: t('calls.detail.trend'), showMark: false, curve: 'linear', color: TREND_COLOR },
        ]}
        // The customer's points joined faintly; the trend drawn bold and dashed so it reads as a fit, not data.
        sx={{ '& .MuiLineChart-line[data-series="customer"]': { strokeOpacity: 0.4 }, '& .MuiLineChart-line[data-series="trend"]': { strokeWidth: 3, strokeDasharray: '8 4' } }}
        margin={{ left: 8, right: 16, top: 16, bottom: 8 }}
      >
        <ChartsReferenceLine y={0} lineStyle={{ strokeDasharray: '2 4' }} />
        {placed.map((m, i) => (
          <ChartsReferenceLine
            key={i}
            x={m.atMs}
            label={m.label}
            labelAlign="start"
            spacing={{ x: m.flip ? -4 : 4, y: 4 + m.lane * LANE_PX }}
            lineStyle={{ stroke: m.color, strokeDasharray: '4 2' }}
            labelStyle={{ fontSize: 11, fill: m.color, ...(m.flip ? { textAnchor: 'end' } : {}) }}
          />
        ))}
      </LineChart>
    </Box>
  );
}
