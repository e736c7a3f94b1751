/** The cluster's clock. Controllers read `now()`; the reconcile loop may step it through time. */
export interface Clock {
  now(): Date;
}

export class SettableClock implements Clock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  set(ms: number): void {
    this.ms = ms;
  }
  get millis(): number {
    return this.ms;
  }
}
