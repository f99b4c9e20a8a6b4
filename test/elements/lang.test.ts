// Language and direction: lang="ar" switches every label to Arabic and the layout to
// right-to-left; the language reaches the elements inside; a page-level lang is honoured.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { LocalVideoElement } from '../../components/local-video/local-video.js';
import type { DevicePickerElement } from '../../components/device-picker/device-picker.js';
import type { NetworkQualityElement } from '../../components/network-quality/network-quality.js';
import { loadStrings, registerStrings } from '../../components/app-strings.js';
import { STRINGS, SHIPPED_LANGUAGES, stringsFor, directionFor } from '../../components/strings.js';
import { waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { button, buttonTexts, closeMemoryClients, deepQuery, hasSeveralCameras, memoryClients } from './element-helpers.js';

afterEach(() => closeMemoryClients());

function direction(el: Element | null | undefined): string {
  return el ? getComputedStyle(el).direction : '';
}

describe('lang and dir', () => {
  it('only the page’s language loads: Japanese arrives when an element first renders in it, and it renders in Japanese from its first frame', async () => {
    expect(Object.keys(STRINGS), 'nothing but English before any element asks').to.not.include('ja');
    const [alice] = memoryClients('alice');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} lang="ja" preview="false"></call-session>`);
    expect(Object.keys(STRINGS)).to.include('ja');
    expect(Object.keys(STRINGS), 'no other language came with it').to.not.include('de');
    expect(buttonTexts(el)).to.deep.equal([STRINGS.ja!.call]);
    expect(STRINGS.ja!.call).to.not.equal(STRINGS.en!.call);
  });

  it('lang="ar" switches labels and direction, and back', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    bob!.addEventListener('incoming', (e) => void e.detail.session.accept());
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob" lang="ar" preview="false"></call-session>`);
    const base = el.shadowRoot!.querySelector('[part~="base"]')!;
    expect(buttonTexts(el)).to.deep.equal(['اتصال']);
    expect(base.getAttribute('dir')).to.equal('rtl');
    expect(direction(button(el, 'اتصال'))).to.equal('rtl');
    await expect(el).to.be.accessible();

    const connected = waitForEvent(el, 'call-connected');
    button(el, 'اتصال').click();
    await connected;
    const switchCamera = await hasSeveralCameras();
    await waitUntil(() => buttonTexts(el).includes(switchCamera ? 'تبديل الكاميرا' : 'إنهاء المكالمة'), 'Arabic in-call buttons');
    const controlsTexts = buttonTexts(el).filter(
      (t) => t !== '' && !t.startsWith('خيارات') && !['الإعدادات', 'عرض المتحدث', 'صورة داخل صورة', 'ملء الشاشة'].includes(t),
    );
    expect(controlsTexts).to.deep.equal(['كتم الميكروفون', 'إيقاف الكاميرا', ...(switchCamera ? ['تبديل الكاميرا'] : []), 'مشاركة الشاشة', 'إنهاء المكالمة']);
    // The stage's own buttons are Arabic too (Settings, Spotlight, Full screen, the tile menu).
    expect(buttonTexts(el)).to.include.members(['الإعدادات', 'عرض المتحدث', 'ملء الشاشة', 'خيارات bob']);
    expect(deepQuery(el, 'local-video')!.shadowRoot!.textContent).to.include('أنت');
    expect(el.shadowRoot!.querySelector('[part~="status"]')!.textContent).to.equal('متصل مع bob');
    const group = deepQuery(el, 'call-controls')!.shadowRoot!.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).to.equal('أدوات التحكم في المكالمة');
    expect(direction(group)).to.equal('rtl');
    // The local preview sits at the inline end: the left edge in right-to-left.
    const preview = deepQuery(el, 'local-video')!.getBoundingClientRect();
    const stage = el.shadowRoot!.querySelector('[part~="stage"]')!.getBoundingClientRect();
    expect(preview.left - stage.left).to.be.lessThan(stage.right - preview.right);
    await expect(el).to.be.accessible();

    el.lang = 'en';
    await el.updateComplete;
    await waitUntil(() => buttonTexts(el).includes('Hang up'), 'English again');
    expect(base.getAttribute('dir')).to.equal('ltr');
    expect(direction(group)).to.equal('ltr');
    button(el, 'Hang up').click();
    await waitForState(el.session!, 'closed');
  });

  it('an explicit dir wins over the language', async () => {
    const [alice] = memoryClients('alice');
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} lang="ar" dir="ltr" preview="false"></call-session>`);
    expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('ltr');
    expect(buttonTexts(el)).to.deep.equal(['اتصال']);
  });

  it('a standalone element follows the nearest lang (including the page’s)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar-EG"><local-video></local-video></div>`);
    const video = wrapper.querySelector<LocalVideoElement>('local-video')!;
    expect(video.shadowRoot!.textContent).to.include('الكاميرا متوقفة');
    expect(video.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('rtl');
  });

  it('ships eight complete tables: each has exactly the English keys, every label filled in', async () => {
    await Promise.all(SHIPPED_LANGUAGES.map((lang) => loadStrings(lang)));
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k]));
    const values = (o: object): unknown[] => Object.values(o).flatMap((v) => (v && typeof v === 'object' ? values(v) : [v]));
    expect(Object.keys(STRINGS).sort()).to.deep.equal(['ar', 'de', 'en', 'es', 'fa', 'fr', 'he', 'ja']);
    for (const [lang, table] of Object.entries(STRINGS)) {
      expect(keys(table), `${lang} has the English keys`).to.deep.equal(keys(STRINGS.en!));
      for (const value of values(table)) {
        // Every label function takes a name first; deviceNumbered also a number.
        const text = typeof value === 'function' ? (value as (name: string, n: number) => string)('Bob', 7) : value;
        expect(text, `${lang}: a non-empty label`).to.be.a('string').and.not.equal('');
        if (typeof value === 'function') expect(text, `${lang}: the name is in the label`).to.include('Bob');
      }
      expect(table.deviceNumbered('Bob', 7), `${lang}: the device number is in the label`).to.include('7');
    }
    // The labels of the tool elements are part of the same table (so the key check above covers them).
    const tools = [
      'camera',
      'deviceNumbered',
      'speakerNotSupported',
      'preview',
      'join',
      'tryAgain',
      'permissionHelp.chromium',
      'permissionHelp.firefox',
      'permissionHelp.safari',
      'permissionHelp.other',
      'callDuration',
      'networkQuality',
      'networkLevel.0',
      'networkLevel.4',
      'networkMeasuring',
      'notifications',
      'dismiss',
      'joined',
      'left',
      'reconnecting',
      'reconnected',
      'poorNetwork',
    ];
    for (const key of tools) expect(keys(STRINGS.en!), key).to.include(key);
    // No table is English left untranslated (the words that are the same, like "Codec", aside).
    for (const lang of ['ar', 'de', 'es', 'fa', 'fr', 'he', 'ja']) {
      for (const key of ['hangUp', 'join', 'tryAgain', 'callDuration', 'notifications', 'networkMeasuring'] as const)
        expect(STRINGS[lang]![key], `${lang} ${key}`).to.not.equal(STRINGS.en![key]);
      expect(STRINGS[lang]!.permissionHelp.chromium, `${lang}: the help names the translated Try again button`).to.include(STRINGS[lang]!.tryAgain);
      expect(STRINGS[lang]!.networkLevel[3], lang).to.not.equal(STRINGS.en!.networkLevel[3]);
    }
  });

  it('picks a table by its full tag, then its prefixes; unknown languages get English', async () => {
    await Promise.all(['fr', 'ar', 'de', 'pt'].map((lang) => loadStrings(lang)));
    expect(stringsFor('fr-CA').call).to.equal('Appeler');
    expect(stringsFor('AR').call).to.equal('اتصال');
    expect(stringsFor('de_AT').hangUp).to.equal('Auflegen');
    expect(stringsFor('pt-BR')).to.deep.equal(STRINGS.en);
    expect(stringsFor(undefined)).to.deep.equal(STRINGS.en);
    for (const lang of ['ar', 'ar-EG', 'fa', 'he', 'ur', 'ps']) expect(directionFor(lang), lang).to.equal('rtl');
    for (const lang of ['en-GB', 'de', 'ja', 'fr', '']) expect(directionFor(lang), lang).to.equal('ltr');
  });

  it('registerStrings adds a language (missing labels fall back to English) and overrides labels', () => {
    registerStrings('it-x-test', { call: 'Chiama', hangUp: 'Riaggancia', stats: { title: 'Statistiche' } });
    const it = stringsFor('IT-x-test');
    expect([it.call, it.hangUp, it.stats.title]).to.deep.equal(['Chiama', 'Riaggancia', 'Statistiche']);
    expect([it.accept, it.stats.codec, it.connectionState.connected]).to.deep.equal(['Accept', 'Codec', 'Connected']);
    expect(stringsFor('it').call, 'only that tag').to.equal('Call');

    registerStrings('de-x-test', { hangUp: 'Verlassen' });
    expect(stringsFor('de-x-test').hangUp).to.equal('Verlassen');
    expect(stringsFor('de-x-test').accept, 'the rest from the German table').to.equal('Annehmen');
    expect(stringsFor('de').hangUp).to.equal('Auflegen');

    registerStrings('ckb-x-test', { call: 'پەیوەندی' }, { dir: 'rtl' });
    expect(directionFor('ckb-x-test')).to.equal('rtl');
    expect(() => registerStrings('', {})).to.throw(TypeError);
  });

  it('an element renders a registered language, picked from its own lang or the nearest ancestor’s', async () => {
    registerStrings('en-x-tour', { cameraIsOff: 'Your camera is resting', you: 'Me' });
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="en-x-tour"><local-video></local-video><local-video lang="he"></local-video></div>`);
    const [tour, hebrew] = [...wrapper.querySelectorAll<LocalVideoElement>('local-video')];
    expect(tour!.shadowRoot!.textContent).to.include('Your camera is resting').and.include('Me');
    expect(tour!.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('ltr');
    expect(hebrew!.shadowRoot!.textContent).to.include('המצלמה כבויה');
    expect(hebrew!.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('rtl');
  });

  it('the tool elements follow the nearest lang: Arabic labels, right to left, and back to German', async () => {
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="ar"><device-picker kind="videoinput"></device-picker><network-quality user-id="bob"></network-quality></div>`,
    );
    const picker = wrapper.querySelector<DevicePickerElement>('device-picker')!;
    const quality = wrapper.querySelector<NetworkQualityElement>('network-quality')!;
    await picker.updateComplete;
    const label = picker.shadowRoot!.querySelector('[part~="label"]')!;
    expect(label.textContent).to.equal('الكاميرا');
    expect(picker.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('rtl');
    expect(direction(picker.shadowRoot!.querySelector('select'))).to.equal('rtl');
    const bars = quality.shadowRoot!.querySelector('[part~="base"]')!;
    expect(bars.getAttribute('aria-label')).to.equal('الشبكة: جارٍ القياس…');
    expect(direction(bars)).to.equal('rtl');

    wrapper.lang = 'de';
    picker.requestUpdate();
    quality.lang = 'ja';
    await Promise.all([picker.updateComplete, quality.updateComplete]);
    expect(label.textContent).to.equal('Kamera');
    expect(direction(picker.shadowRoot!.querySelector('select'))).to.equal('ltr');
    expect(bars.getAttribute('aria-label')).to.equal('ネットワーク: 測定中…');
  });

  it('registerStrings overrides a tool element’s label', async () => {
    registerStrings('en-x-tools', { networkQuality: (level) => `Line: ${level}`, networkMeasuring: 'checking' });
    const el = await fixture<NetworkQualityElement>(html`<network-quality lang="en-x-tools" user-id="bob"></network-quality>`);
    expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('aria-label')).to.equal('Line: checking');
  });
});
