/**
 * Who is talking, from the remote audio levels in successive stats reports (the seed's
 * "use audioReceivedOutputLevel to see who is talking"). Pure: levels in, decision out.
 * Hysteresis keeps the highlight from flickering: levels are smoothed, a new speaker must
 * be louder than the current one by a margin, and any change must hold for `holdReports`
 * reports in a row.
 */
export interface ActiveSpeakerOptions {
  /** Smoothed level (0..1) above which someone counts as speaking. Default 0.01 (about -40 dBov). */
  threshold?: number;
  /** How much louder (ratio) a new speaker must be than the current one. Default 1.5. */
  margin?: number;
  /** Reports in a row a change must hold before it is announced. Default 2. */
  holdReports?: number;
  /** Weight of the newest level in the smoothing (0..1]. Default 0.6. */
  smoothing?: number;
}

export class ActiveSpeakerDetector {
  #threshold: number;
  #margin: number;
  #hold: number;
  #alpha: number;
  #smoothed = new Map<string, number>();
  #current: string | undefined;
  #candidate: string | undefined;
  #candidateCount = 0;

  constructor(options: ActiveSpeakerOptions = {}) {
    this.#threshold = options.threshold ?? 0.01;
    this.#margin = options.margin ?? 1.5;
    this.#hold = Math.max(1, options.holdReports ?? 2);
    this.#alpha = Math.min(1, Math.max(0.01, options.smoothing ?? 0.6));
  }

  /** The current active speaker (undefined: nobody is talking). */
  get speaker(): string | undefined {
    return this.#current;
  }

  /**
   * Feeds one round of levels (one entry per remote user in the call; missing = left).
   * Returns true when the active speaker changed (read it from `speaker`).
   */
  update(levels: ReadonlyMap<string, number | undefined>): boolean {
    for (const userId of [...this.#smoothed.keys()]) if (!levels.has(userId)) this.#smoothed.delete(userId);
    for (const [userId, level] of levels) {
      const before = this.#smoothed.get(userId);
      const now = level ?? 0;
      this.#smoothed.set(userId, before === undefined ? now : before + this.#alpha * (now - before));
    }
    const level = (userId: string | undefined) => (userId === undefined ? 0 : (this.#smoothed.get(userId) ?? 0));
    let loudest: string | undefined;
    for (const [userId, value] of this.#smoothed) {
      if (value >= this.#threshold && value > level(loudest)) loudest = userId;
    }
    const currentGone = this.#current !== undefined && !this.#smoothed.has(this.#current);
    // The current speaker keeps the floor while still speaking, unless someone is clearly louder.
    if (!currentGone && this.#current !== undefined && loudest !== undefined && level(this.#current) >= this.#threshold) {
      if (level(loudest) < level(this.#current) * this.#margin) loudest = this.#current;
    }
    if (loudest === this.#current && !currentGone) {
      this.#candidate = undefined;
      this.#candidateCount = 0;
      return false;
    }
    if (loudest === this.#candidate) this.#candidateCount++;
    else {
      this.#candidate = loudest;
      this.#candidateCount = 1;
    }
    if (this.#candidateCount < this.#hold && !currentGone) return false;
    this.#current = loudest;
    this.#candidate = undefined;
    this.#candidateCount = 0;
    return true;
  }

  reset(): void {
    this.#smoothed.clear();
    this.#current = undefined;
    this.#candidate = undefined;
    this.#candidateCount = 0;
  }
}
