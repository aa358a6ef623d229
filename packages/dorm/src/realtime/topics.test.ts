import { describe, expect, it } from "vitest";
import type { LiveConnection } from "./connection.js";
import { Realtime } from "./realtime.js";
import { readRealtime } from "./settings.js";
import { Topics } from "./topics.js";

/** A connection that keeps its topics as LiveConnection does (setTopics replaces them). */
function conn(id: string, topics: string[] = []) {
  const c = { id, topics, setTopics: (next: string[]) => void (c.topics = next) };
  return c as unknown as LiveConnection & { topics: string[] };
}

describe("Topics (the realtime part topics)", () => {
  it("keeps who is subscribed to what as connections subscribe, unsubscribe, arrive and leave", () => {
    const topics = new Topics();
    const [a, b] = [conn("a", ["news"]), conn("b")];
    topics.add(a);
    topics.subscribe(b, "news");
    topics.subscribe(b, "news");
    topics.subscribe(b, "sport");
    expect(b.topics).toEqual(["news", "sport"]);
    expect([...topics.subscribers("news")]).toEqual([a, b]);
    topics.unsubscribe(b, "news");
    topics.unsubscribe(b, "never");
    expect(b.topics).toEqual(["sport"]);
    expect([...topics.subscribers("news")]).toEqual([a]);
    topics.remove(a);
    expect([...topics.subscribers("news")]).toEqual([]);
    expect([...topics.audience("sport", "ctx.publish")]).toEqual([b]);
  });

  it("refuses a topic that is not a non-empty string of at most 256 characters", () => {
    const topics = new Topics();
    expect(() => topics.subscribe(conn("a"), "")).toThrow(/DORM_BAD_TOPIC.*conn\.subscribe/);
    expect(() => topics.audience("x".repeat(257), "ctx.publish")).toThrow(/DORM_BAD_TOPIC.*ctx\.publish/);
    expect(() => topics.check(["ok", 7], "connect")).toThrow(/DORM_BAD_TOPIC.*connect.*got 7/);
  });

  it("without the part: what would add a topic is DORM_NOT_BUILT; nothing has one to find or leave", () => {
    const state = { getWebSockets: () => [] } as unknown as DurableObjectState;
    const def = { receive: () => undefined, realtime: { protocol: "raw" as const, rateLimit: false as const } };
    const realtime = new Realtime(def as never, state, {}, "room", { ...readRealtime(def), parts: {} });
    expect(() => realtime.topics("conn.subscribe")).toThrow(/^\[DORM_NOT_BUILT\] conn\.subscribe: this build of room has no realtime "topics" part/);
    expect(() => realtime.publishRaw("news", "x")).toThrow(/DORM_NOT_BUILT\] ctx\.publishRaw/);
    expect(realtime.connections("news")).toEqual([]);
  });
});
