import { HOST_BINDING, HOST_PREFIX, type StoredInstances } from "./board.js";

/**
 * What the dev build asks the dev server (Node), which alone can read the disk: the instances
 * in persisted storage, and stack positions mapped through the bundle's source map. `dorm dev`
 * binds it as a service. Without one (the Vite plugin's dev server, which is the Node server in
 * front of the worker), the questions go to the origin the request came through, with the token;
 * when nobody answers there, each answers as if the server had nothing to add.
 */
export interface DevHost {
  /** Instances with persisted storage, with the names they were last seen under. */
  known(): Promise<StoredInstances>;
  /** Names of instances seen, by class and id, for the dev server to remember across rebuilds. */
  remember(names: StoredInstances): Promise<void>;
  /** The same stacks, with bundle positions turned into the app's file:line. */
  map(stacks: string[]): Promise<string[]>;
  /** Hand a request to the dev server (the inspector's page and assets); null when there is none. */
  forward(request: Request): Promise<Response> | null;
}

const ORIGIN = "http://dorm-dev-host";

export function devHost(env: Record<string, unknown>, origin: string, token: string): DevHost {
  const service = env[HOST_BINDING] as Fetcher | undefined;
  const ask = async <T>(path: string, init: RequestInit | undefined, fallback: T): Promise<T> => {
    try {
      const response = service
        ? await service.fetch(`${ORIGIN}${HOST_PREFIX}${path}`, init)
        : await fetch(`${origin}${HOST_PREFIX}${path}`, { ...init, headers: { authorization: `Bearer ${token}` } });
      return response.ok ? ((await response.json()) as T) : fallback;
    } catch {
      return fallback;
    }
  };
  return {
    known: () => ask("known", undefined, {}),
    remember: (names) => ask("names", { method: "POST", body: JSON.stringify(names) }, undefined),
    map: async (stacks) =>
      stacks.length === 0 ? stacks : ((await ask<{ stacks: string[] }>("map", { method: "POST", body: JSON.stringify({ stacks }) }, { stacks })).stacks),
    // Never to the origin: that is where the request came from.
    forward: (request) => (service ? service.fetch(request) : null),
  };
}
