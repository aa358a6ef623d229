import { defineDurableObject, event, MessageError, reject } from "dorm";
import * as v from "valibot";

export interface Doc {
  text: string;
  /** Grows by one with every accepted edit. */
  version: number;
}

export interface Edit {
  /** Offset in the text (UTF-16 code units, as JavaScript strings count). */
  at: number;
  /** How many characters to remove there. */
  remove: number;
  insert: string;
}

const MAX_TEXT = 100_000;

/**
 * A shared document, one object per document: `/objects/__route__/<doc>?name=<editor>`.
 * Every edit names the version it was made on. Edits made on an older version are refused with
 * `STALE_VERSION`, after a `doc` event with the current document, so the editor can rebase and
 * try again; accepted
 * edits reach every editor with the new version, in one order for all.
 */
export default defineDurableObject({
  init: (): Doc => ({ text: "", version: 0 }),

  connect(request) {
    const name = new URL(request.url).searchParams.get("name")?.trim() ?? "";
    if (name.length < 1 || name.length > 40) return reject(400, "give ?name=<editor> (1 to 40 characters)");
    return { data: { name }, presence: { name } };
  },

  messages: {
    /** The document as it is now. */
    open: {
      handler: (ctx) => ctx.state,
    },
    edit: {
      schema: v.object({
        version: v.pipe(v.number(), v.integer(), v.minValue(0)),
        at: v.pipe(v.number(), v.integer(), v.minValue(0)),
        remove: v.pipe(v.number(), v.integer(), v.minValue(0)),
        insert: v.pipe(v.string(), v.maxLength(10_000)),
      }),
      async handler(ctx, { version, at, remove, insert }, conn) {
        const doc = ctx.state;
        if (version !== doc.version) {
          // The editor gets the current document first, then the error for its edit.
          conn.send("doc", doc);
          throw new MessageError("STALE_VERSION", `the edit was made on version ${version}; the document is at ${doc.version}. Rebase on the doc event and send again.`);
        }
        if (at + remove > doc.text.length) throw new MessageError("OUT_OF_RANGE", `the text has ${doc.text.length} characters`);
        const text = doc.text.slice(0, at) + insert + doc.text.slice(at + remove);
        if (text.length > MAX_TEXT) throw new MessageError("TOO_LONG", `a document holds at most ${MAX_TEXT} characters`);
        await ctx.setState({ text, version: doc.version + 1 });
        const edit = { version: ctx.state.version, at, remove, insert, by: conn.data.name };
        ctx.broadcast("edit", edit, { except: conn });
        return { version: ctx.state.version };
      },
    },
  },

  events: {
    edit: event<Edit & { version: number; by: string }>(),
    doc: event<Doc>(),
  },

  methods: {
    read: (ctx) => ctx.state,
  },
});
