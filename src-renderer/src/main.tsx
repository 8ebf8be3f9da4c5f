import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { App } from './app';
import { CoreProvider } from './core-context';
import { connectCore } from './transport';

const api = connectCore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <CoreProvider api={api}>
      <App />
    </CoreProvider>
  </StrictMode>,
);
