import { useEffect, useRef } from 'react';
import { getMe } from './api.js';
import { DisplayName } from './components/DisplayName.js';
import { Link } from './components/Link.js';
import { adoptServerLocale, LocaleSwitch } from './components/LocaleSwitch.js';
import { ThemeSwitch } from './components/ThemeSwitch.js';
import { AdminConsolePage } from './pages/AdminConsolePage.js';
import { ExercisePage } from './pages/ExercisePage.js';
import { GlossaryPage } from './pages/GlossaryPage.js';
import { ModulePage } from './pages/ModulePage.js';
import { RoadmapPage } from './pages/RoadmapPage.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from './lib/i18n.js';
import { useRoute } from './lib/router.js';

export function App() {
  const route = useRoute();
  const { t } = useT();
  // The server's answer wins over the browser's languages: a saved choice, or the cookie of an earlier switch.
  useEffect(() => {
    let live = true;
    getMe().then(
      (me) => live && adoptServerLocale(me),
      () => undefined, // no answer: the browser's language stays
    );
    return () => {
      live = false;
    };
  }, []);
  const key = route.page === 'not-found' ? route.path : `${route.page}:${'id' in route ? route.id : ''}`;
  const main = useRef<HTMLElement>(null);
  const shownKey = useRef(key);
  // After an in-app navigation, keyboard and screen-reader focus starts at the new page (not on the link that was clicked).
  // The page first loaded keeps the browser's own focus.
  useEffect(() => {
    if (shownKey.current === key) return;
    shownKey.current = key;
    main.current?.focus({ preventScroll: true });
  }, [key]);

  return (
    <div className={`app page-${route.page}`}>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label={t('app.brandLabel')}>
          <span className="brand-mark" aria-hidden="true">
            &gt;_
          </span>
          opslab
        </Link>
        <nav className="topbar-links" aria-label={t('app.nav')}>
          <Link href="/glossary" aria-current={route.page === 'glossary' ? 'page' : undefined}>
            {t('app.glossary')}
          </Link>
        </nav>
        <div className="topbar-tools">
          <LocaleSwitch />
          <ThemeSwitch />
          <DisplayName />
        </div>
      </header>
      <main id="main" className="main" key={key} ref={main} tabIndex={-1}>
        {route.page === 'roadmap' && <RoadmapPage />}
        {route.page === 'module' && <ModulePage id={route.id} />}
        {route.page === 'exercise' && <ExercisePage id={route.id} />}
        {route.page === 'admin-console' && <AdminConsolePage />}
        {route.page === 'glossary' && <GlossaryPage />}
        {route.page === 'not-found' && (
          <div className="page-status">
            <h1>{t('app.notFound.title')}</h1>
            <p>
              <Trans i18n={i18n} i18nKey="app.notFound.text" values={{ path: route.path }} components={{ code: <code />, back: <Link href="/" /> }} />
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
