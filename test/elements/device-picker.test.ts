// <device-picker>: alone it lists the devices of its kind and fires device-change; in a live
// call picking a camera or microphone moves the call to it, so the peer decodes the new one.
import { ContextProvider } from '@lit/context';
import { expect, fixture, html } from '@open-wc/testing';
import '../../components/device-picker/device-picker.define.js';
import type { DevicePickerElement } from '../../components/device-picker/device-picker.js';
import { audioOutputContext, type AudioOutputControl } from '../../components/context.js';
import { setAudioOutput } from '../../src/media/audio-output.js';
import { waitForEvent, waitUntil } from '../helpers/call-harness.js';
import { waitForMoreFrames } from '../helpers/media-probes.js';
import { closeMemoryClients } from './element-helpers.js';
import { connectedPair, expectAccessibleEverywhere } from './tool-helpers.js';

afterEach(() => closeMemoryClients());

const select = (el: DevicePickerElement) => el.shadowRoot!.querySelector('select')!;
const optionLabels = (el: DevicePickerElement) => [...select(el).options].map((o) => o.textContent!.trim());

/** Picks `deviceId` the way a person does: the select's value, then its change event. */
function pick(el: DevicePickerElement, deviceId: string): void {
  select(el).value = deviceId;
  select(el).dispatchEvent(new Event('change', { bubbles: true }));
}

describe('<device-picker>', () => {
  before(async () => {
    // Device names need camera/microphone permission once (the fake UI grants it).
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    for (const t of stream.getTracks()) t.stop();
  });

  it('alone: lists the cameras with a visible label, fires device-change on a pick; axe-clean in both themes and RTL', async () => {
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    expect(cameras.length).to.be.greaterThan(1);
    const el = await fixture<DevicePickerElement>(html`<device-picker kind="videoinput"></device-picker>`);
    await waitUntil(() => select(el).options.length === cameras.length, 'every camera is listed');
    expect(optionLabels(el)).to.deep.equal(cameras.map((c) => c.label));
    expect(el.shadowRoot!.querySelector('label')!.textContent).to.equal('Camera');
    expect(select(el).labels[0]!.textContent).to.equal('Camera');
    const changed = waitForEvent<{ kind: string; deviceId: string }>(el, 'device-change');
    pick(el, cameras[2]!.deviceId);
    expect(await changed).to.deep.equal({ kind: 'videoinput', deviceId: cameras[2]!.deviceId });
    expect(el.value).to.equal(cameras[2]!.deviceId);
    await expectAccessibleEverywhere(el);
  });

  it('microphones and speakers; a bad kind falls back to cameras with a warning', async () => {
    const all = await navigator.mediaDevices.enumerateDevices();
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <device-picker kind="audioinput"></device-picker><device-picker kind="audiooutput"></device-picker>
    </div>`);
    const [mics, speakers] = [...wrapper.querySelectorAll('device-picker')] as DevicePickerElement[];
    await waitUntil(() => select(mics!).options.length === all.filter((d) => d.kind === 'audioinput').length, 'every microphone');
    await waitUntil(() => select(speakers!).options.length === all.filter((d) => d.kind === 'audiooutput').length, 'every speaker');
    expect(mics!.shadowRoot!.querySelector('label')!.textContent).to.equal('Microphone');
    expect(speakers!.shadowRoot!.querySelector('label')!.textContent).to.equal('Speaker');

    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const bad = await fixture<DevicePickerElement>(html`<device-picker kind="webcam"></device-picker>`);
      await waitUntil(() => select(bad).options.length === all.filter((d) => d.kind === 'videoinput').length, 'cameras listed');
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).to.include('kind="webcam" is not valid; using videoinput');
  });

  it('mid-call: picking another camera moves the call to it, the peer keeps decoding the new camera', async () => {
    const { caller, callee } = await connectedPair();
    const el = await fixture<DevicePickerElement>(html`<device-picker kind="videoinput" .session=${caller}></device-picker>`);
    const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    // fake_device_1 gives depth frames no encoder takes; 0 and 2 are ordinary cameras.
    const first = cameras.find((c) => c.label === 'fake_device_0')!;
    const other = cameras.find((c) => c.label === 'fake_device_2')!;
    await waitUntil(() => select(el).value === first.deviceId, 'the picker shows the camera in use');
    const before = caller.localStream!.getVideoTracks()[0]!;
    const sender = caller
      .peerConnection('bob')!
      .getSenders()
      .find((s) => s.track?.kind === 'video')!;

    const changed = waitForEvent(el, 'device-change');
    pick(el, other.deviceId);
    await changed;
    const after = caller.localStream!.getVideoTracks()[0]!;
    expect(after.getSettings().deviceId).to.equal(other.deviceId);
    expect(before.readyState).to.equal('ended');
    expect(sender.track).to.equal(after); // what goes to bob is the new camera
    await waitForMoreFrames(callee, 'alice', 15, 'bob decodes frames from the picked camera');
    await el.updateComplete;
    expect(select(el).value).to.equal(other.deviceId);
    await expectAccessibleEverywhere(el);
    caller.hangUp();
  });

  it('mid-call: picking another microphone reaches the peer too', async () => {
    const { caller } = await connectedPair();
    const el = await fixture<DevicePickerElement>(html`<device-picker kind="audioinput" .session=${caller}></device-picker>`);
    const current = caller.localStream!.getAudioTracks()[0]!.getSettings().deviceId;
    const mics = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const other = mics.find((m) => m.deviceId !== current && m.deviceId !== 'default')!;
    await waitUntil(() => select(el).options.length === mics.length, 'microphones listed');
    pick(el, other.deviceId);
    await waitForEvent(el, 'device-change');
    const sender = caller
      .peerConnection('bob')!
      .getSenders()
      .find((s) => s.track?.kind === 'audio')!;
    expect(sender.track!.getSettings().deviceId).to.equal(other.deviceId);
    expect(sender.track!.readyState).to.equal('live');
    caller.hangUp();
  });

  it('mid-call speaker: goes through the audio-output control in context, which routes the call’s remote audio', async () => {
    const { caller } = await connectedPair();
    const audio = new Audio();
    audio.srcObject = caller.remoteStream('bob')!;
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    // What <call-session> will provide: every remote voice plays through one element here.
    let current = '';
    const control: AudioOutputControl = {
      get deviceId() {
        return current;
      },
      async setAudioOutput(deviceId) {
        await setAudioOutput(audio, deviceId);
        current = deviceId;
      },
    };
    new ContextProvider(wrapper, { context: audioOutputContext, initialValue: control });
    const el = document.createElement('device-picker');
    el.kind = 'audiooutput';
    wrapper.append(el);
    const speakers = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audiooutput');
    const other = speakers.find((s) => s.deviceId !== 'default')!;
    await waitUntil(() => select(el).options.length === speakers.length, 'speakers listed');
    expect(el.audioOutput).to.equal(control);
    pick(el, other.deviceId);
    await waitForEvent(el, 'device-change');
    expect((audio as HTMLAudioElement & { sinkId: string }).sinkId).to.equal(other.deviceId);
    expect(select(el).value).to.equal(other.deviceId);
    caller.hangUp();
  });
});
