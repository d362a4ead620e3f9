// The part of autocannon 9 the benchmark uses: autocannon ships no types, and @types/autocannon
// (written for autocannon 7) is not a dependency. Shapes as autocannon's README and lib/ give them.
declare module "autocannon" {
  namespace autocannon {
    /** The request autocannon is about to send; `setupRequest` returns it changed. */
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds; ignored when `amount` is given. */
      duration?: number;
      /** Requests in all, after which the run ends. */
      amount?: number;
      headers?: Record<string, string>;
      requests?: Array<{
        /** `context` belongs to the connection; autocannon clears it before each request's setup. */
        setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
        /** Called with each answer, before the connection's next request is set up. */
        onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
      }>;
    }

    /** hdr-histogram-percentiles-obj: latency in ms, requests and bytes per second. */
    interface Histogram {
      average: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p99: number;
    }

    interface Result {
      /** Seconds. */
      duration: number;
      /** Connection errors, timeouts included. */
      errors: number;
      timeouts: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      /** `total`: responses received in the whole run. */
      requests: Histogram & { total: number };
      throughput: Histogram & { total: number };
    }

    interface Instance {
      stop(): void;
    }
  }

  /** Without a callback the instance is also a promise of the result. */
  function autocannon(options: autocannon.Options): autocannon.Instance & PromiseLike<autocannon.Result>;
  function autocannon(options: autocannon.Options, callback: (err: Error | null, result: autocannon.Result) => void): autocannon.Instance;

  export = autocannon;
}
