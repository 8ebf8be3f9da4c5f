import { useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, AppBar, Box, CircularProgress, CssBaseline, Drawer, List, ListItemButton, ListItemIcon, ListItemText, Toolbar, Typography, useMediaQuery } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import GraphicEqIcon from '@mui/icons-material/GraphicEq';
import HistoryIcon from '@mui/icons-material/History';
import MenuBookIcon from '@mui/icons-material/MenuBook';
import SchoolIcon from '@mui/icons-material/School';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import GroupsIcon from '@mui/icons-material/Groups';
import SettingsIcon from '@mui/icons-material/Settings';
import { useCore } from './core-context';
import { i18next, resolveLanguage } from './i18n';
import { PAGES, navigate, useRoute, type Page } from './routes';
import { makeTheme } from './theme';
import { PageEmpty } from './pages/empty-pages';
import { SettingsPage } from './pages/settings-page';
import { OverlayPage } from './pages/overlay-page';
import { LivePage } from './pages/live-page';
import { PlaybooksPage } from './pages/playbooks-page';
import { CallsPage } from './pages/calls-page';
import { TeamPage } from './pages/team-page';
import { DealsPage } from './pages/deals-page';
import { DueTasksBadge } from './components/follow-up-tasks';
import { SimulatorPage } from './pages/simulator-page';

const NAV_ICONS: Record<Page, ReactNode> = {
  live: <GraphicEqIcon />,
  calls: <HistoryIcon />,
  playbooks: <MenuBookIcon />,
  simulator: <SchoolIcon />,
  deals: <TrendingUpIcon />,
  team: <GroupsIcon />,
  settings: <SettingsIcon />,
};

const DRAWER_WIDTH = 220;

function PageBody({ page }: { page: Page }) {
  switch (page) {
    case 'live':
      return <LivePage />;
    case 'playbooks':
      return <PlaybooksPage />;
    case 'calls':
      return <CallsPage />;
    case 'simulator':
      return <SimulatorPage />;
    case 'deals':
      return <DealsPage />;
    case 'team':
      return <TeamPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <PageEmpty page={page} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { settings, error, info } = useCore();
  const route = useRoute();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const mode = settings?.theme === 'dark' || (settings?.theme !== 'light' && prefersDark) ? 'dark' : 'light';
  const reduceMotion = useMediaQuery('(prefers-reduced-motion: reduce)', { noSsr: true });
  const theme = useMemo(() => makeTheme(mode, reduceMotion), [mode, reduceMotion]);

  useEffect(() => {
    if (!settings) return;
    const lng = resolveLanguage(settings.uiLanguage);
    if (i18next.language !== lng) void i18next.changeLanguage(lng);
    document.documentElement.lang = lng;
  }, [settings]);

  if (route.page === 'overlay') {
    return (
      <ThemeProvider theme={theme}>
        <OverlayPage />
      </ThemeProvider>
    );
  }

  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ display: 'flex', minHeight: '100vh' }}>
        <AppBar position="fixed" sx={{ zIndex: (th) => th.zIndex.drawer + 1 }} elevation={0}>
          <Toolbar variant="dense">
            <Typography variant="h6" component="h1" sx={{ fontWeight: 700 }}>
              {t('app.name')}
            </Typography>
          </Toolbar>
        </AppBar>
        <Drawer variant="permanent" sx={{ width: DRAWER_WIDTH, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER_WIDTH, boxSizing: 'border-box' } }}>
          <Toolbar variant="dense" />
          <List component="nav" aria-label={t('app.nav')}>
            {PAGES.map((page) => (
              <ListItemButton key={page} selected={route.page === page} onClick={() => navigate(page)} data-testid={`nav-${page}`}>
                <ListItemIcon>{page === 'deals' ? <DueTasksBadge>{NAV_ICONS[page]}</DueTasksBadge> : NAV_ICONS[page]}</ListItemIcon>
                <ListItemText primary={t(`nav.${page}`)} />
              </ListItemButton>
            ))}
          </List>
        </Drawer>
        <Box component="main" sx={{ flexGrow: 1, p: 3 }} data-testid={`page-${route.page}`}>
          <Toolbar variant="dense" />
          {error && <Alert severity="error">{t('app.disconnected', { message: error })}</Alert>}
          {info?.policyError && (
            <Alert severity="warning" sx={{ mb: 2 }} data-testid="policy-error">
              {info.policyError}
            </Alert>
          )}
          {!settings && !error ? <CircularProgress aria-label={t('app.loading')} /> : settings && <PageBody page={route.page} />}
        </Box>
      </Box>
    </ThemeProvider>
  );
}
