// Counters and the list of received calls, for tests and benchmarks.

export interface CallRecord {
  seq: number;
  /** Date.now() when the call arrived. */
  at: number;
  /** 0 when the token was unknown. */
  botId: number;
  method: string;
  params: Record<string, unknown>;
  /** HTTP status answered (200, 400, 429…); 0 when the connection was dropped on purpose. */
  status: number;
  description?: string;
  durationMs: number;
}

export interface ApiStats {
  requests: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  /** 429s answered, injected or from rate limits. */
  tooManyRequests: number;
  /** Faults that fired. */
  faults: number;
  webhookDeliveries: number;
  webhookFailures: number;
  calls: CallRecord[];
}

export class StatsRecorder {
  private data: ApiStats = StatsRecorder.empty();

  /** `maxCalls` caps the kept call list (oldest dropped); 0 keeps none. */
  constructor(private readonly maxCalls: number) {}

  private static empty(): ApiStats {
    return {
      requests: 0, byMethod: {}, byStatus: {}, tooManyRequests: 0, faults: 0,
      webhookDeliveries: 0, webhookFailures: 0, calls: [],
    };
  }

  call(record: Omit<CallRecord, "seq">): void {
    const d = this.data;
    d.requests++;
    d.byMethod[record.method] = (d.byMethod[record.method] ?? 0) + 1;
    d.byStatus[String(record.status)] = (d.byStatus[String(record.status)] ?? 0) + 1;
    if (record.status === 429) d.tooManyRequests++;
    if (this.maxCalls === 0) return;
    d.calls.push({ seq: d.requests, ...record });
    if (d.calls.length > this.maxCalls) d.calls.shift();
  }

  fault(): void {
    this.data.faults++;
  }

  webhook(ok: boolean): void {
    if (ok) this.data.webhookDeliveries++;
    else this.data.webhookFailures++;
  }

  snapshot(): ApiStats {
    const d = this.data;
    return { ...d, byMethod: { ...d.byMethod }, byStatus: { ...d.byStatus }, calls: [...d.calls] };
  }

  reset(): void {
    this.data = StatsRecorder.empty();
  }
}
