// Every "now" in the bot comes from a Clock, so tests, demos and the sandbox can move time.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Starts at `start` and runs on in real time (CLOCK_START). */
export function clockStartingAt(start: Date, real: Clock = systemClock): Clock {
  const offset = start.getTime() - real.now().getTime();
  return { now: () => new Date(real.now().getTime() + offset) };
}

/** A clock that tests set explicitly; it runs on in real time from the last set instant. */
export class SettableClock implements Clock {
  private offset = 0;
  set(instant: Date): void {
    this.offset = instant.getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}
