// <call-preview>: the pre-join check with the real (fake) camera and microphone: the self-view
// plays on while the meter re-renders the preview (and paints the camera, not black), the meter moves with the microphone's sound, the toggles and pickers feed Join,
// the tracks are released on Join and on removal; a refused camera says what to do.
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/call-preview/call-preview.define.js';
import type { CallPreviewElement, PreviewChoice } from '../../components/call-preview/call-preview.js';
import type { DevicePickerElement } from '../../components/device-picker/device-picker.js';
import { sendKeys } from '@web/test-runner-commands';
import { CallError } from '../../src/errors.js';
import { waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { playsThroughRenders, videoBrightness } from '../helpers/media-probes.js';
import { expectAccessibleEverywhere } from './tool-helpers.js';

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const toggle = (el: CallPreviewElement, text: string) =>
  [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="toggle"]')].find((b) => b.textContent!.trim() === text)!;

afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

describe('<call-preview>', () => {
  it('self-view plays, the meter moves with the microphone, toggles and Join hand over the choices and release the tracks', async () => {
    const el = await fixture<CallPreviewElement>(html`<call-preview></call-preview>`);
    await waitUntil(() => ((part(el, 'video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, 'the self-view plays');
    const stream = el.stream!;
    expect(stream.getVideoTracks()).to.have.length(1);
    expect(stream.getAudioTracks()).to.have.length(1);
    // The meter re-renders the preview many times a second: the self-view plays on through
    // that, and shows the camera (Chromium's fake one: green), not a black first frame.
    const video = part(el, 'video') as HTMLVideoElement;
    await playsThroughRenders(el, video);
    expect(video.readyState).to.be.at.least(HTMLMediaElement.HAVE_CURRENT_DATA);
    expect(videoBrightness(video)).to.be.greaterThan(20);
    // Chromium's fake microphone beeps: the meter rises with it.
    const meter = part(el, 'meter')!;
    expect(meter.getAttribute('role')).to.equal('meter');
    expect(meter.getAttribute('aria-label')).to.equal('Microphone level');
    await waitUntil(() => Number(meter.getAttribute('aria-valuenow')) > 5, 'the meter shows sound', 10_000);
    expect(part(el, 'meter-level')!.getBoundingClientRect().width).to.be.greaterThan(0);

    const pickers = [...el.shadowRoot!.querySelectorAll<DevicePickerElement>('device-picker')];
    expect(pickers.map((p) => p.kind)).to.deep.equal(['videoinput', 'audioinput', 'audiooutput']);
    await expectAccessibleEverywhere(el);

    // Join with the microphone off: the track goes silent at once and the meter falls to 0.
    const micOff = toggle(el, 'Join with microphone off');
    expect(micOff.getAttribute('aria-pressed')).to.equal('false');
    micOff.click();
    await el.updateComplete;
    expect(micOff.getAttribute('aria-pressed')).to.equal('true');
    expect(stream.getAudioTracks()[0]!.enabled).to.equal(false);
    await waitUntil(() => meter.getAttribute('aria-valuenow') === '0', 'the meter falls to 0 with the microphone off');

    const joined = waitForEvent<PreviewChoice>(el, 'preview-join');
    part(el, 'join')!.click();
    const choice = await joined;
    expect(choice.audio).to.equal(false);
    expect(choice.video).to.equal(true);
    expect(choice.videoDeviceId).to.equal(stream.getVideoTracks()[0]!.getSettings().deviceId);
    expect(choice.audioDeviceId).to.equal(stream.getAudioTracks()[0]!.getSettings().deviceId);
    expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
  });

  it('a camera picked in the preview opens that camera, and Join carries it', async () => {
    const el = await fixture<CallPreviewElement>(html`<call-preview camera-off></call-preview>`);
    await waitUntil(() => !!el.stream, 'the preview runs');
    expect(el.stream!.getVideoTracks()[0]!.enabled).to.equal(false);
    expect(part(el, 'placeholder')!.textContent).to.equal('Camera is off');
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    const other = cameras.find((c) => c.label === 'fake_device_2')!;
    const picker = el.shadowRoot!.querySelector<DevicePickerElement>('device-picker[kind="videoinput"]')!;
    const select = picker.shadowRoot!.querySelector('select')!;
    await waitUntil(() => select.options.length === cameras.length, 'cameras listed');
    const old = el.stream!;
    select.value = other.deviceId;
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => !!el.stream && el.stream !== old, 'the preview reopens');
    expect(old.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
    expect(el.stream!.getVideoTracks()[0]!.getSettings().deviceId).to.equal(other.deviceId);
    expect(el.stream!.getVideoTracks()[0]!.enabled).to.equal(false); // still "join with camera off"
    expect(el.choice).to.include({ video: false, audio: true, videoDeviceId: other.deviceId });
    const stream = el.stream!;
    el.remove();
    expect(stream.getTracks().every((t) => t.readyState === 'ended')).to.equal(true);
  });

  it('camera refused by the browser (permissions policy): says so, what to do in this browser, and offers Try again', async () => {
    const frame = document.createElement('iframe');
    frame.allow = "camera 'none'; microphone 'none'";
    frame.src = '/test/elements/fixtures/preview-page.html';
    document.body.append(frame);
    const error = () => frame.contentDocument?.querySelector('call-preview')?.shadowRoot?.querySelector('[part~="error"]');
    await waitUntil(() => !!error(), 'the preview shows an error', 15_000);
    expect(error()!.getAttribute('role')).to.equal('alert');
    expect(error()!.textContent).to.include('The browser blocked the camera and microphone for this site.');
    expect(error()!.textContent).to.include('Click the camera icon at the right end of the address bar'); // Chromium's wording
    expect(error()!.querySelector('[part~="retry"]')!.textContent).to.equal('Try again');
  });

  it('keyboard: Tab reaches the pickers, the toggles and Join, with a visible focus ring; Space toggles', async () => {
    const el = await fixture<CallPreviewElement>(html`<call-preview></call-preview>`);
    await waitUntil(() => !!el.stream, 'the preview runs');
    const focused = () => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active;
    };
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await sendKeys({ press: 'Tab' });
      const now = focused();
      reached.push(now?.getAttribute('part') ?? now?.tagName.toLowerCase() ?? '');
      if (now?.getAttribute('part') === 'toggle' && reached.filter((r) => r === 'toggle').length === 1) {
        expect(getComputedStyle(now).outlineStyle).to.equal('solid');
        await sendKeys({ press: 'Space' });
        await el.updateComplete;
        expect(now.getAttribute('aria-pressed')).to.equal('true');
      }
    }
    expect(reached).to.deep.equal(['select', 'select', 'select', 'toggle', 'toggle', 'join']);
    expect(el.micOff).to.equal(true);
    el.remove();
  });

  it('each error names the problem and the way out; axe-clean in both themes and RTL', async () => {
    const el = await fixture<CallPreviewElement>(html`<call-preview></call-preview>`);
    await waitUntil(() => !!el.stream, 'the preview runs');
    el.stop();
    const cases: [CallError['code'], string][] = [
      ['permission-denied', 'The browser blocked'],
      ['no-device', 'Plug one in'],
      ['device-busy', 'Close the other program'],
      ['media-unavailable', 'needs https'],
    ];
    for (const [code, text] of cases) {
      el.error = new CallError(code, 'from the core');
      await el.updateComplete;
      expect(part(el, 'error')!.textContent).to.include(text);
    }
    el.error = new CallError('permission-denied', 'x');
    await expectAccessibleEverywhere(el);
  });
});
