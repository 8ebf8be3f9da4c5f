import { useTranslation } from 'react-i18next';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { BarChart } from '@mui/x-charts/BarChart';

type Counts = Record<string, number>;

/** Objections by type and competitors mentioned, over the team's synced calls. */
export function TeamCharts({ objections, competitors, names = {} }: { objections: Counts; competitors: Counts; names?: Record<string, string> }) {
  const { t } = useTranslation();
  const theme = useTheme();
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
      <CountChart
        testId="team-chart-objections"
        title={t('team.chart.objections')}
        empty={t('team.chart.noObjections')}
        counts={objections}
        label={(type) => t(`calls.objection.${type}`, { defaultValue: type })}
        color={theme.palette.primary.main}
      />
      <CountChart testId="team-chart-competitors" title={t('team.chart.competitors')} empty={t('team.chart.noCompetitors')} counts={competitors} label={(id) => names[id] ?? id} color={theme.palette.warning.main} />
    </Box>
  );
}

function CountChart({ title, empty, counts, label, color, testId }: { title: string; empty: string; counts: Counts; label(key: string): string; color: string; testId: string }) {
  const { t } = useTranslation();
  // Most frequent first, at most ten bars (the rest would not be readable anyway).
  const rows = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 10);
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 600 }} gutterBottom>
          {title}
        </Typography>
        {rows.length === 0 ? (
          <Typography color="text.secondary" data-testid={`${testId}-empty`}>
            {empty}
          </Typography>
        ) : (
          <BarChart
            layout="horizontal"
            height={48 + rows.length * 36}
            yAxis={[{ scaleType: 'band', data: rows.map(([k]) => label(k)), width: 'auto' }]}
            xAxis={[{ tickMinStep: 1 }]}
            series={[{ data: rows.map(([, n]) => n), label: t('team.chart.count'), color }]}
            hideLegend
            margin={{ left: 8, right: 16, top: 8, bottom: 8 }}
          />
        )}
      </CardContent>
    </Card>
  );
}
