import type { PresenceEntry, PresenceFrame } from "dorm/protocol";

/** The presence list after one presence frame (pure): join appends, update replaces, leave removes. */
export function applyPresence<P>(list: readonly PresenceEntry<P>[], frame: PresenceFrame): PresenceEntry<P>[] {
  switch (frame.op) {
    case "join":
      return [...list.filter((e) => e.id !== frame.id), { id: frame.id, presence: frame.presence as P }];
    case "update":
      return list.map((e) => (e.id === frame.id ? { id: e.id, presence: frame.presence as P } : e));
    case "leave":
      return list.filter((e) => e.id !== frame.id);
  }
}
