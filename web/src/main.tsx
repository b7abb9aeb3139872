// The theme first: it marks <html> with the learner's choice before anything renders.
import './lib/theme.js';
// Then the language: <html lang> and the catalogs are set before the first paint.
import './lib/i18n.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
