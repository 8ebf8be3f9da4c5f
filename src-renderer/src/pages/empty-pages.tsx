import { useTranslation } from 'react-i18next';
import GraphicEqIcon from '@mui/icons-material/GraphicEq';
import HistoryIcon from '@mui/icons-material/History';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import SchoolIcon from '@mui/icons-material/School';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import type { ReactNode } from 'react';
import { EmptyState } from '../components/empty-state';

type EmptyKey = 'live' | 'calls' | 'playbooks' | 'simulator' | 'deals';

const ICONS: Record<EmptyKey, ReactNode> = {
  live: <GraphicEqIcon fontSize="inherit" />,
  calls: <HistoryIcon fontSize="inherit" />,
  playbooks: <MenuBookIcon fontSize="inherit" />,
  simulator: <SchoolIcon fontSize="inherit" />,
  deals: <TrendingUpIcon fontSize="inherit" />,
};

/** The empty state of a page that has no data yet. */
export function PageEmpty({ page }: { page: EmptyKey }) {
  const { t } = useTranslation();
  return <EmptyState icon={ICONS[page]} title={t(`empty.${page}.title`)} body={t(`empty.${page}.body`)} />;
}
