/** Entry point of the admin page bundle (built by scripts/build-admin.ts). */
import '@atlaskit/css-reset';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { enableHostTheme } from './admin-client';
import { App } from './app';

void enableHostTheme();
const container = document.getElementById('root');
if (!container) throw new Error('static/admin/index.html must contain <div id="root">');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
