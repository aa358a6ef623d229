import { DormError } from "../errors.js";
import { MAX_TOPIC_LENGTH } from "../limits.js";
import type { LiveConnection } from "./connection.js";
import type { DispatchTarget } from "./dispatch.js";
import { replyFrame } from "./frames.js";
import { ErrorCode, UNSUBSCRIBE, type ClientFrame } from "./protocol.js";
import { failed, refuse } from "./refusals.js";

/** Whether a topic name is usable: a non-empty string of at most MAX_TOPIC_LENGTH characters. */
export const isTopic = (topic: unknown): topic is string => typeof topic === "string" && topic.length > 0 && topic.length <= MAX_TOPIC_LENGTH;

export function checkTopic(topic: unknown, where: string): asserts topic is string {
  if (!isTopic(topic)) {
    throw new DormError("DORM_BAD_TOPIC", `${where}: a topic is a non-empty string of at most ${MAX_TOPIC_LENGTH} characters, got ${JSON.stringify(topic)?.slice(0, 40)}.`);
  }
}

/**
 * One object instance's topics: who is subscribed to what, in memory (each connection's own
 * topics are in its attachment, from which the hub rebuilds this after hibernation). The realtime
 * part `topics`, bundled for objects that use topics (packages/build's features/realtime.ts);
 * without it no connection has a topic, and what would add one says so (Realtime.topics).
 */
export class Topics {
  readonly #byTopic = new Map<string, Set<LiveConnection>>();

  /** Index a connection under its topics (all of them: a new or reloaded connection), or some. */
  add(conn: LiveConnection, topics: readonly string[] = conn.topics): void {
    for (const topic of topics) {
      let set = this.#byTopic.get(topic);
      if (!set) this.#byTopic.set(topic, (set = new Set()));
      set.add(conn);
    }
  }

  /** Take a connection out of its topics (all of them: it left), or some. */
  remove(conn: LiveConnection, topics: readonly string[] = conn.topics): void {
    for (const topic of topics) {
      const set = this.#byTopic.get(topic);
      if (set?.delete(conn) && set.size === 0) this.#byTopic.delete(topic);
    }
  }

  subscribers(topic: string): Iterable<LiveConnection> {
    return this.#byTopic.get(topic) ?? [];
  }

  /** Check topics a connection is given (by `connect`). */
  check(topics: readonly unknown[], where: string): void {
    for (const topic of topics) checkTopic(topic, where);
  }

  /** The subscribers `where` (ctx.publish) sends to, after checking the topic. */
  audience(topic: unknown, where: string): Iterable<LiveConnection> {
    checkTopic(topic, where);
    return this.subscribers(topic);
  }

  subscribe(conn: LiveConnection, topic: string): void {
    checkTopic(topic, "conn.subscribe");
    if (conn.topics.includes(topic)) return;
    conn.setTopics([...conn.topics, topic], "conn.subscribe");
    this.add(conn, [topic]);
  }

  unsubscribe(conn: LiveConnection, topic: string): void {
    if (!conn.topics.includes(topic)) return;
    conn.setTopics(
      conn.topics.filter((t) => t !== topic),
      "conn.unsubscribe",
    );
    this.remove(conn, [topic]);
  }

  /** A client's `$subscribe` (the object has a `subscribe` hook: dispatch.ts checked) or `$unsubscribe`. */
  async request(target: DispatchTarget, conn: LiveConnection, frame: ClientFrame): Promise<void> {
    const topic = (frame.payload as { topic?: unknown } | undefined)?.topic;
    try {
      if (frame.type === UNSUBSCRIBE) {
        this.unsubscribe(conn, topic as string);
      } else {
        if (!isTopic(topic)) {
          return refuse(conn, { code: ErrorCode.INVALID_PAYLOAD, message: `${frame.type} takes { topic }, a non-empty string of at most ${MAX_TOPIC_LENGTH} characters.` }, frame);
        }
        if (!(await target.subscribe!(target.ctx as never, topic, conn as never))) {
          return refuse(conn, { code: ErrorCode.FORBIDDEN, message: `not allowed to subscribe to "${topic}".` }, frame);
        }
        this.subscribe(conn, topic);
      }
    } catch (error) {
      // dorm's own checks (a bad topic, a full attachment) are about the request: say so.
      if (error instanceof DormError) return refuse(conn, { code: error.code, message: error.message.replace(/^\[[A-Z_]+\] /, "") }, frame);
      return failed(target, conn, frame, error, "handler");
    }
    if (frame.id !== undefined) conn.sendFrame(replyFrame(frame.id, { topic, topics: conn.topics }, frame.type));
  }
}

/** The realtime part `topics`: Realtime makes one `Topics` per instance. */
export const topicsPart = Topics;
