// Language and direction: lang="ar" switches every label to Arabic and the layout to
// right-to-left; the language reaches the elements inside; a page-level lang is honoured.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/elements.js';
import type { CallSessionElement } from '../../components/call-session/call-session.js';
import type { LocalVideoElement } from '../../components/local-video/local-video.js';
import { STRINGS, stringsFor, directionFor } from '../../components/strings.js';
import { waitForEvent, waitForState, waitUntil } from '../helpers/call-harness.js';
import { button, buttonTexts, closeMemoryClients, deepQuery, hasSeveralCameras, memoryClients } from './element-helpers.js';

afterEach(() => closeMemoryClients());

function direction(el: Element | null | undefined): string {
  return el ? getComputedStyle(el).direction : '';
}

describe('lang and dir', () => {
  it('lang="ar" switches labels and direction, and back', async () => {
    const [alice, bob] = memoryClients('alice', 'bob');
    bob!.addEventListener('incoming', (e) => void e.detail.session.accept());
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} opponents="bob" lang="ar"></call-session>`);
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
    expect(buttonTexts(el)).to.deep.equal(['كتم الميكروفون', 'إيقاف الكاميرا', ...(switchCamera ? ['تبديل الكاميرا'] : []), 'مشاركة الشاشة', 'إنهاء المكالمة']);
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
    const el = await fixture<CallSessionElement>(html`<call-session .client=${alice} lang="ar" dir="ltr"></call-session>`);
    expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('ltr');
    expect(buttonTexts(el)).to.deep.equal(['اتصال']);
  });

  it('a standalone element follows the nearest lang (including the page’s)', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div lang="ar-EG"><local-video></local-video></div>`);
    const video = wrapper.querySelector<LocalVideoElement>('local-video')!;
    expect(video.shadowRoot!.textContent).to.include('الكاميرا متوقفة');
    expect(video.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('rtl');
  });

  it('ships complete English and Arabic tables; unknown languages fall back to English', () => {
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k]));
    expect(keys(STRINGS.ar!)).to.deep.equal(keys(STRINGS.en!));
    expect(stringsFor('fr-CA')).to.equal(STRINGS.en);
    expect(stringsFor('AR')).to.equal(STRINGS.ar);
    expect(directionFor('ar')).to.equal('rtl');
    expect(directionFor('en-GB')).to.equal('ltr');
  });
});
