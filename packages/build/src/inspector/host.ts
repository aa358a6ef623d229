import { HOST_PREFIX, INSPECTOR_PATH } from "../../../dorm/src/dev/board.js";
import type { StoredInstances } from "dorm/dev/board";
import type { StackMapper } from "../stack-map.js";
import { pageAssets, pageHtml } from "./page.js";

/** What the inspector page shows about the server it runs in. */
export interface HostInfo {
  /** `dorm dev`, `vite`. */
  server: string;
  /** The worker's name. */
  app: string;
  /** Cloudflare's Local Explorer, where the running miniflare offers it. */
  explorer: string | null;
}

export interface InspectorHostOptions {
  info: () => HostInfo;
  /** Instances in persisted storage, by class, with their names when seen before. */
  known: () => Promise<StoredInstances>;
  /** Names of instances the dev build saw. */
  remember: (names: StoredInstances) => Promise<void>;
  /** The current build's mapper (it changes with every rebuild). */
  stacks: () => StackMapper;
}

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * The dev server's side of the inspector (Node): the page, and what only Node can read (the
 * disk: persisted instances, the bundle's source map). Requests reach it already checked: from
 * the dev build, which checks the token first (`dorm dev` binds this as a service), or from the
 * Vite plugin's middleware, which does the same.
 */
export function inspectorHost(options: InspectorHostOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === INSPECTOR_PATH && request.method === "GET") {
      const html = pageHtml(await pageAssets());
      return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "x-frame-options": "DENY" } });
    }
    switch (pathname.startsWith(HOST_PREFIX) ? pathname.slice(HOST_PREFIX.length) : null) {
      case "info":
        return json(options.info());
      case "known":
        return json(await options.known());
      case "names":
        await options.remember((await request.json().catch(() => ({}))) as StoredInstances);
        return json({ ok: true });
      case "map": {
        const body = (await request.json().catch(() => null)) as { stacks?: unknown } | null;
        if (!Array.isArray(body?.stacks)) return json({ error: { code: "DORM_BAD_REQUEST", message: "POST { stacks: string[] }" } }, 400);
        const mapper = options.stacks();
        return json({ stacks: body.stacks.map((stack) => (typeof stack === "string" ? mapper.map(stack) : "")) });
      }
      default:
        return json({ error: { code: "DORM_NOT_FOUND", message: `no dev endpoint ${pathname}` } }, 404);
    }
  };
}
