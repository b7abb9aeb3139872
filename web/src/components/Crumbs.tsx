import { getRoadmap } from '../api.js';
import { useT } from '../lib/i18n.js';
import { useAsync } from '../lib/useAsync.js';
import { Link } from './Link.js';

/** Roadmap / module / here, with the module's title looked up in the roadmap. */
export function Crumbs({ module, current }: { module?: string; current: string }) {
  const { t, locale } = useT();
  const { data: roadmap } = useAsync(getRoadmap, [locale]);
  const title = module && roadmap?.stages.flatMap((s) => s.modules).find((m) => m.id === module)?.title;
  return (
    <nav className="crumbs" aria-label={t('crumbs.label')}>
      <Link href="/">{t('crumbs.roadmap')}</Link>
      {module && (
        <>
          <span aria-hidden="true"> / </span>
          <Link href={`/modules/${module}`}>{title || module}</Link>
        </>
      )}
      <span aria-hidden="true"> / </span>
      <span aria-current="page">{current}</span>
    </nav>
  );
}
