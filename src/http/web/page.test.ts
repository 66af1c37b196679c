// The shared frame used by an area other than the portal (as the operator console will): its own
// layout fills the frame's blocks (brand, navigation), its own texts and languages; the page gets
// the frame's head (favicon, stylesheets), skip link and security headers.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Fastify from 'fastify';
import { chooseLanguage } from './language.ts';
import { type FrameTexts, pageRenderer } from './page.ts';
import { viewEngine } from './views.ts';

const folder = mkdtempSync(join(tmpdir(), 'cassa-area-'));
after(() => rmSync(folder, { recursive: true, force: true }));
writeFileSync(
  join(folder, 'layout.njk'),
  `{% extends "frame.njk" %}
{% block brand %}<a href="/console"><div class="it-brand-title">{{ t.siteName }}</div></a>{% endblock %}
{% block navigation %}<nav aria-label="Console"><a href="/console/posizioni">Posizioni</a></nav>{% endblock %}`,
);
writeFileSync(
  join(folder, 'hello.njk'),
  `{% extends "layout.njk" %}{% block content %}<h1>{{ title }}</h1>{% include "errors.njk" %}{% endblock %}`,
);

const LANGUAGES = ['it', 'en'] as const;
type Language = (typeof LANGUAGES)[number];
const words = (lang: Language): FrameTexts => ({
  siteName: lang === 'it' ? 'Console Cassa' : 'Cassa console',
  skipToContent: lang === 'it' ? 'Vai al contenuto' : 'Skip to content',
  footer: 'footer',
  sandboxBanner: 'sandbox',
  insecureTitle: 'insecure',
  insecureText: 'insecure',
  errorSummaryTitle: lang === 'it' ? 'Ci sono errori' : 'There is a problem',
});

const page = pageRenderer({
  views: viewEngine([folder]),
  texts: words,
  defaultLanguage: 'it',
  languageLinks: (lang) =>
    lang === 'it'
      ? [{ code: 'en', name: 'English', label: 'Read in English' }]
      : [{ code: 'it', name: 'Italiano', label: 'Leggi in italiano' }],
});
const app = Fastify();
app.get('/console/ciao', async (request, reply) => {
  const lang = chooseLanguage(request, reply, LANGUAGES);
  return page(request, reply, 'hello.njk', {
    lang,
    title: 'Ciao',
    errors: [{ field: 'name', message: 'is required' }],
  });
});
after(() => app.close());

describe('the shared frame in another area', () => {
  it("renders the area's brand and navigation in the frame, with the page headers", async () => {
    const res = await app.inject({ url: '/console/ciao?x=1' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<title>Ciao – Console Cassa<\/title>/);
    assert.match(res.body, /<link rel="icon" href="\/favicon.ico"/);
    assert.match(res.body, /href="\/assets\/web\/frame.css"/);
    assert.match(res.body, /<a class="visually-hidden-focusable" href="#main">Vai al contenuto<\/a>/);
    assert.match(res.body, /<nav aria-label="Console">/);
    assert.equal(res.body.split('Console Cassa').length - 1, 2, 'the name in the title and the brand only');
    assert.match(res.body, /Ci sono errori/, "the shared error summary, in the area's words");
    assert.match(res.body, /href="\/console\/ciao\?x=1&amp;lang=en"/, 'the language switch keeps the query');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /font-src 'self' data:/);
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  it("speaks the language asked for, among the area's", async () => {
    const res = await app.inject({ url: '/console/ciao?lang=en' });
    assert.match(res.body, /<html lang="en">/);
    assert.match(res.body, /Cassa console/);
    assert.match(String(res.headers['set-cookie']), /^__Host-cassa-lang=en; Path=\/; Secure; HttpOnly/);
    const unknown = await app.inject({ url: '/console/ciao?lang=xx' });
    assert.match(unknown.body, /<html lang="it">/);
  });
});
