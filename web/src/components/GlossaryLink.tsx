import { Trans } from 'react-i18next';
import { i18n, useT } from '../lib/i18n.js';
import { Link } from './Link.js';

/** "Terms: glossary" near a lesson: the course's terms one click away. */
export function GlossaryLink() {
  useT(); // re-render on a language change
  return (
    <p className="glossary-link muted">
      <Trans i18n={i18n} i18nKey="glossary.termsLink" components={{ glossary: <Link href="/glossary" /> }} />
    </p>
  );
}
