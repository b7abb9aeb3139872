import { useEffect } from 'react';
import { getGlossary, type GlossaryTermView } from '../api.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Markdown } from '../components/Markdown.js';
import { pageTitle, useT } from '../lib/i18n.js';
import { scrollToHash } from '../lib/router.js';
import { useAsync } from '../lib/useAsync.js';
import { type Locale, SOURCE_LOCALE } from '../../../shared/i18n.js';

/**
 * `/glossary`: the course's terms, English beside the learner's language, other names, and a
 * definition; each term is an anchor (`/glossary#director`) that lessons link to.
 */
export function GlossaryPage() {
  const { t, locale } = useT();
  const { data, error, loading } = useAsync(getGlossary, [locale]);
  useEffect(() => {
    document.title = pageTitle(t('glossary.title'));
  }, [t]);
  // The anchor a link asked for exists only once the terms are in: scroll to it then.
  useEffect(() => {
    if (data && location.hash) scrollToHash(location.hash);
  }, [data]);

  if (loading && !data) return <p className="page-status">{t('glossary.loading')}</p>;
  if (error || !data) return <ErrorNote error={error} title={t('glossary.failed')} />;
  const other = locale === SOURCE_LOCALE ? undefined : locale;
  return (
    <article className="reading glossary-page">
      <header className="page-head">
        <h1>{t('glossary.title')}</h1>
        <p className="lead">{t('glossary.lead', { count: data.terms.length })}</p>
      </header>
      {data.terms.length === 0 ? (
        <p className="muted">{t('glossary.empty')}</p>
      ) : (
        <dl className="glossary">
          {data.terms.map((term) => (
            <GlossaryEntry key={term.id} term={term} other={other} />
          ))}
        </dl>
      )}
    </article>
  );
}

function GlossaryEntry({ term, other }: { term: GlossaryTermView; other?: Locale }) {
  const { t } = useT();
  const en = term.names.en ?? term.id;
  const local = other ? term.names[other] : undefined;
  return (
    <div className="glossary-term" id={term.id} data-testid={`term-${term.id}`}>
      <dt>
        {local ? (
          <>
            <span lang={other}>{local}</span> <span className="glossary-en" lang="en">{en}</span>
          </>
        ) : (
          <span lang="en">{en}</span>
        )}{' '}
        <a className="glossary-anchor" href={`#${term.id}`} aria-label={t('glossary.anchor', { term: local ?? en })}>
          #
        </a>
      </dt>
      <dd>
        {term.aka.length > 0 && (
          <p className="glossary-aka muted">
            {t('glossary.aka', { names: term.aka.join(t('glossary.listSeparator')) })}
          </p>
        )}
        <Markdown text={term.definition} />
      </dd>
    </div>
  );
}
