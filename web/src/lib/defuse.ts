// Chromium reports a CSP violation the moment it parses an inline event handler attribute, even into
// the inert document DOMPurify sanitizes in: a hostile lesson would flood the console (and any CSP
// report endpoint) though nothing runs. So raw HTML in the Markdown has its on* attributes renamed
// to data-* first, which DOMPurify then drops. A courtesy to the reports, not the security boundary.
//
// Course text is untrusted input read in the learner's tab: both patterns run in linear time. A run
// of separators that no attribute name follows (`<a """"…>`) is taken whole by the second branch of
// ATTR; before, each of its starts was tried to its end (20 000 quotes: 0.4 s; a 1 MiB lesson, minutes).
const TAG = /<[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>?/g;
const ATTR = /([\s/"']*)([^\s/>="']+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|[\s/"']+/g;

/** Raw HTML with every on* attribute renamed to data-defused-on*. */
export const defuseHandlers = (html: string): string =>
  html.replace(TAG, (tag) => {
    const name = /^<[^\s/>]*/.exec(tag)![0];
    return (
      name +
      tag.slice(name.length).replace(ATTR, (all, sep: string | undefined, attr: string | undefined, value = '') => (attr !== undefined && /^on/i.test(attr) ? `${sep}data-defused-${attr}${value}` : all))
    );
  });
