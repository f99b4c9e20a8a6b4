// Drives the pure session machine with a manual clock: runs its timer effects on the
// clock and records what it sends and emits. Only for tests of the pure core.
import {
  createMachineState,
  transition,
  type Effect,
  type MachineEvent,
  type OutgoingSignal,
  type PrepareWhileRinging,
  type SessionMachineState,
  timerKey,
} from '../../src/session-machine.js';
import type { Emit } from '../../src/session-events.js';
import { ManualClock } from '../../src/manual-clock.js';
import { TimerSet } from '../../src/timers.js';
import type { SignalMessage, WireDescription } from '../../src/signaling/protocol.js';

export const OFFER = { type: 'offer', sdp: 'v=0 offer' } as const satisfies WireDescription;
export const ANSWER = { type: 'answer', sdp: 'v=0 answer' } as const satisfies WireDescription;

export class MachineDriver {
  readonly clock = new ManualClock();
  readonly timers = new TimerSet(this.clock);
  state: SessionMachineState;
  sent: { at: number; to: string; signal: OutgoingSignal }[] = [];
  emitted: Emit[] = [];
  effects: Effect[] = [];

  constructor(options: {
    self: string;
    initiator: string;
    opponents: string[];
    dialing?: number;
    answer?: number;
    prepare?: PrepareWhileRinging;
    endsWithInitiator?: boolean;
  }) {
    this.state = createMachineState({
      ...(options.prepare ? { prepare: options.prepare } : {}),
      sessionId: 's1',
      self: options.self,
      initiator: options.initiator,
      opponents: options.opponents,
      endsWithInitiator: options.endsWithInitiator ?? false,
      timings: {
        dialingMs: (options.dialing ?? 5) * 1000,
        answerMs: (options.answer ?? 45) * 1000,
        disconnectMs: 30_000,
        iceRestartDelayMs: 2_000,
      },
    });
  }

  dispatch(event: MachineEvent): this {
    const step = transition(this.state, event);
    this.state = step.state;
    for (const effect of step.effects) {
      this.effects.push(effect);
      if (effect.type === 'start-timer') {
        const id = effect.id;
        this.timers.start(timerKey(id), effect.ms, () => this.dispatch({ type: 'timer', id }));
      } else if (effect.type === 'cancel-timer') this.timers.cancel(timerKey(effect.id));
      else if (effect.type === 'send') this.sent.push({ at: this.clock.now(), to: effect.to, signal: effect.signal });
      else if (effect.type === 'emit') this.emitted.push(effect);
    }
    return this;
  }

  advance(seconds: number): this {
    this.clock.advance(seconds * 1000);
    return this;
  }

  /** A valid wire message from `from` in this session. */
  signal(from: string, body: Partial<SignalMessage> & { type: SignalMessage['type'] }): this {
    const opponents = Object.keys(this.state.peers)
      .concat(this.state.self)
      .filter((id) => id !== this.state.initiator);
    const message = {
      version: 1,
      sessionID: this.state.sessionId,
      callerID: this.state.initiator,
      opponentsIDs: opponents,
      ...body,
    } as SignalMessage;
    return this.dispatch({ type: 'signal', from, message });
  }

  call(from: string): this {
    return this.signal(from, { type: 'call', callType: 'video', sdp: { type: 'offer', sdp: `offer from ${from}` } });
  }

  sentOf(type: OutgoingSignal['type'], to?: string) {
    return this.sent.filter((s) => s.signal.type === type && (to === undefined || s.to === to));
  }

  events<K extends Emit['event']>(name: K): Extract<Emit, { event: K }>[] {
    return this.emitted.filter((e): e is Extract<Emit, { event: K }> => e.event === name);
  }

  peerState(userId: string) {
    return this.state.peers[userId]?.state;
  }

  /** Starts the call and has every peer connection report its offer. */
  startCall(): this {
    this.dispatch({ type: 'start', userInfo: { name: this.state.self } });
    for (const id of Object.keys(this.state.peers)) this.dispatch({ type: 'local-description', userId: id, description: OFFER });
    return this;
  }
}
