import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import worker from "../src/index";
import { MAX_ATTEMPTS } from "../src/publish/consumer";

interface Held {
  id: string;
  body: unknown;
  attempts: number;
  delaySeconds: number;
}

/**
 * The publish queue's producer side, holding what is sent so that a test delivers it to the
 * Worker's real queue handler when it chooses (deliverAll), instead of Miniflare's queue
 * delivering it seconds later. tests/publish/queue-binding.test.ts runs the real binding.
 */
export class HeldQueue {
  held: Held[] = [];
  private next = 0;

  async send(body: unknown, options?: QueueSendOptions): Promise<QueueSendResponse> {
    this.held.push({ id: `held-${this.next++}`, body, attempts: 1, delaySeconds: options?.delaySeconds ?? 0 });
    return { metadata: { metrics: { backlogCount: this.held.length, backlogBytes: 0 } } };
  }

  async sendBatch(messages: Iterable<MessageSendRequest>): Promise<QueueSendBatchResponse> {
    for (const { body, delaySeconds } of messages) await this.send(body, { delaySeconds });
    return { metadata: { metrics: { backlogCount: this.held.length, backlogBytes: 0 } } };
  }

  /** The jobs waiting, as their bodies. */
  bodies<T = Record<string, unknown>>(): T[] {
    return this.held.map((message) => message.body as T);
  }
}

export interface Delivery {
  /** Deliveries to the publish queue's consumer, retries included. */
  deliveries: number;
  /** Deliveries that asked to be retried, with the delay each asked for. */
  retryDelays: number[];
  /** Messages handed to the dead-letter queue's consumer. */
  deadLettered: number;
}

/**
 * Delivers everything held, and what those deliveries send, to the Worker's queue handler the
 * way Cloudflare Queues does (batches of 10, wrangler.toml): a retried message comes back with
 * one more attempt, and after MAX_ATTEMPTS goes to the dead-letter queue's consumer. Delays are
 * recorded, not waited for.
 */
export async function deliverAll(queue: HeldQueue, bindings: Cloudflare.Env): Promise<Delivery> {
  const report: Delivery = { deliveries: 0, retryDelays: [], deadLettered: 0 };
  const env = { ...bindings, PUBLISH_QUEUE: queue as unknown as Queue };
  for (let round = 0; queue.held.length > 0; round++) {
    if (round > 50) throw new Error("publish queue does not drain");
    const pending = queue.held.splice(0, 10);
    const batch = createMessageBatch(
      "herald-publish",
      pending.map(({ id, body, attempts }) => ({ id, body, attempts, timestamp: Date.now() })),
    );
    // getQueueResult reports which messages asked for a retry but not the delay they asked for.
    const delays = new Map<string, number>();
    for (const msg of batch.messages) {
      const retry = msg.retry.bind(msg);
      msg.retry = (options?: QueueRetryOptions) => {
        delays.set(msg.id, options?.delaySeconds ?? 0);
        retry(options);
      };
    }
    const ctx = createExecutionContext();
    let threw = false;
    try {
      await worker.queue(batch, env, ctx);
    } catch {
      threw = true;
    }
    const result = await getQueueResult(batch, ctx);
    report.deliveries += pending.length;
    const retried = new Set(result.retryMessages.map((retry) => retry.msgId));
    const dead: Held[] = [];
    for (const message of pending) {
      const again = threw || result.retryBatch.retry || retried.has(message.id);
      if (!again) continue;
      report.retryDelays.push(delays.get(message.id) ?? result.retryBatch.delaySeconds ?? 0);
      if (message.attempts >= MAX_ATTEMPTS) dead.push(message);
      else queue.held.push({ ...message, attempts: message.attempts + 1 });
    }
    if (dead.length > 0) {
      const letters = createMessageBatch(
        "herald-publish-dlq",
        dead.map(({ id, body }) => ({ id, body, attempts: 1, timestamp: Date.now() })),
      );
      const dlqCtx = createExecutionContext();
      await worker.queue(letters, env, dlqCtx);
      await getQueueResult(letters, dlqCtx);
      report.deadLettered += dead.length;
    }
  }
  return report;
}
