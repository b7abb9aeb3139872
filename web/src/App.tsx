import { useEffect, useRef } from 'react';
import { DisplayName } from './components/DisplayName.js';
import { Link } from './components/Link.js';
import { ThemeSwitch } from './components/ThemeSwitch.js';
import { AdminConsolePage } from './pages/AdminConsolePage.js';
import { ExercisePage } from './pages/ExercisePage.js';
import { ModulePage } from './pages/ModulePage.js';
import { RoadmapPage } from './pages/RoadmapPage.js';
import { useRoute } from './lib/router.js';

export function App() {
  const route = useRoute();
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
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label="opslab: the roadmap">
          <span className="brand-mark" aria-hidden="true">
            &gt;_
          </span>
          opslab
        </Link>
        <div className="topbar-tools">
          <ThemeSwitch />
          <DisplayName />
        </div>
      </header>
      <main id="main" className="main" key={key} ref={main} tabIndex={-1}>
        {route.page === 'roadmap' && <RoadmapPage />}
        {route.page === 'module' && <ModulePage id={route.id} />}
        {route.page === 'exercise' && <ExercisePage id={route.id} />}
        {route.page === 'admin-console' && <AdminConsolePage />}
        {route.page === 'not-found' && (
          <div className="page-status">
            <h1>Nothing here</h1>
            <p>
              No page at <code>{route.path}</code>. <Link href="/">Back to the roadmap</Link>.
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
