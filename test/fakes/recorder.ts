/**
 * The record of calls a fake API received, shared by the fakes: the list, waiting for calls
 * that match, and forgetting them.
 */

/** What every recorded call has: a method name, its parameters, and whether it succeeded once answered. */
export interface RecordedCall {
  method: string;
  params: Record<string, any>;
  /** when the fake received it (the fake's clock, ms) */
  at: number;
  /** undefined until the fake has answered */
  ok?: boolean;
}

/** A method name, or a test on the call. */
export type CallMatch<C> = string | ((c: C) => boolean);

/** How many recent calls a timeout message lists, and how long each parameter list may be there. */
const RECENT_CALLS = 10;
/** How long waitFor waits by default: a budget for a busy machine, not an assertion. */
export const WAIT_BUDGET_MS = 30_000;
const PARAMS_SHOWN = 300;

export interface CallRecorderOptions<C> {
  /** the fake's name, for error messages ("FakeSlackApi") */
  name: string;
  /** calls left out of the "recent calls" list of a timeout message (e.g. getUpdates polls) */
  hideInRecent?: (c: C) => boolean;
  /** a note after "Recent calls" in a timeout message, e.g. " (getUpdates omitted)" */
  recentNote?: string;
  /** how a failed call is described in that list */
  describeError?: (c: C) => string | undefined;
}

/**
 * Records calls in arrival order and lets a test wait for them.
 *
 * @example
 * ```ts
 * const recorder = new CallRecorder<SlackCall>({ name: "FakeSlackApi" });
 * const call = recorder.record({ method: "chat.postMessage", params, at: Date.now() });
 * call.ok = true;
 * recorder.answered(); // wakes waitFor()
 * await recorder.waitFor("chat.postMessage");
 * ```
 */
export class CallRecorder<C extends RecordedCall> {
  /** every call, in arrival order */
  readonly calls: C[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(private readonly o: CallRecorderOptions<C>) {}

  /** Adds a call (not yet answered) and returns it. */
  record(call: C): C {
    this.calls.push(call);
    return call;
  }

  /** Tells waiters that a call got its answer. */
  answered(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Resolves with the first recorded call that matches (a method name or a function; calls
   * already recorded count). A call counts once it has an answer. Rejects after `timeoutMs`,
   * listing the recent calls.
   */
  waitFor(match: CallMatch<C>, timeoutMs = WAIT_BUDGET_MS): Promise<C> {
    return this.waitForCount(match, 1, timeoutMs).then((r) => r[0]!);
  }

  /** Like {@link waitFor}, but resolves once `count` matching calls exist, with all of them. */
  waitForCount(match: CallMatch<C>, count: number, timeoutMs = WAIT_BUDGET_MS): Promise<C[]> {
    const pred = typeof match === "string" ? (c: C) => c.method === match : match;
    const matches = () => this.calls.filter((c) => c.ok !== undefined && pred(c));
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = matches();
        if (m.length >= count) {
          cleanup();
          resolve(m);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `${this.o.name}.waitFor timed out after ${timeoutMs} ms (wanted ${count} matching call(s)` +
              `${typeof match === "string" ? ` of ${match}` : ""}, got ${matches().length}). ` +
              `Recent calls${this.o.recentNote ?? ""}:\n${this.describeRecent()}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Forgets every recorded call. */
  clear(): void {
    this.calls.length = 0;
  }

  private describeRecent(): string {
    const shown = this.o.hideInRecent ? this.calls.filter((c) => !this.o.hideInRecent!(c)) : this.calls;
    const recent = shown.slice(-RECENT_CALLS);
    if (recent.length === 0) return "  (no calls recorded)";
    return recent
      .map((c) => {
        let p = JSON.stringify(c.params);
        if (p && p.length > PARAMS_SHOWN) p = p.slice(0, PARAMS_SHOWN) + "…";
        const error = c.ok === false ? this.o.describeError?.(c) : undefined;
        return `  - ${c.method}${error ? ` (error: ${error})` : ""} ${p}`;
      })
      .join("\n");
  }
}

/**
 * The test-facing half of a fake API that records its calls: `calls`, `waitFor`, `waitForCount`.
 *
 * @example
 * ```ts
 * class FakeThing extends RecordingFake<ThingCall> {
 *   constructor() { super({ name: "FakeThing" }); }
 * }
 * ```
 */
export abstract class RecordingFake<C extends RecordedCall> {
  protected readonly recorder: CallRecorder<C>;
  /** Every call, in arrival order. */
  readonly calls: C[];

  constructor(o: CallRecorderOptions<C>) {
    this.recorder = new CallRecorder<C>(o);
    this.calls = this.recorder.calls;
  }

  /** Resolves with the first answered call that matches; see {@link CallRecorder.waitFor}. */
  waitFor(match: CallMatch<C>, timeoutMs = WAIT_BUDGET_MS): Promise<C> {
    return this.recorder.waitFor(match, timeoutMs);
  }

  /** Like {@link waitFor}, but resolves once `count` matching calls exist (returns them all). */
  waitForCount(match: CallMatch<C>, count: number, timeoutMs = WAIT_BUDGET_MS): Promise<C[]> {
    return this.recorder.waitForCount(match, count, timeoutMs);
  }
}
