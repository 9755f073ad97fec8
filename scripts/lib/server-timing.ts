// Reading the worker's Server-Timing header (hono/timing, set by the API's handlers): free of Node APIs, so
// the benches in Node and the tests inside workerd read it the same way.

/** Milliseconds of one metric (`name;…dur=…`), NaN where the header lacks it. */
export function timingDuration(header: string | null, metric: string): number {
  return Number(new RegExp(`(?:^|,)\\s*${metric};[^,]*dur=([\\d.]+)`).exec(header ?? "")?.[1] ?? NaN);
}

/** The engine that ran the model (the `engine` metric's description), undefined where none ran. */
export function timingEngine(header: string | null): string | undefined {
  return /(?:^|,)\s*engine;desc="([^"]+)"/.exec(header ?? "")?.[1];
}
