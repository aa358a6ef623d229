import { API_PREFIX, HOST_PREFIX, STATUS_PATH, TOKEN_PARAM, type InstanceDetail, type KvPage, type SqlPage, type StatusBoard } from "../board.js";

/** What the dev server says about itself. */
export interface HostInfo {
  /** `dorm dev` or `vite`. */
  server: string;
  /** The app's name (its wrangler config's). */
  app: string;
  /** Cloudflare's Local Explorer, when the running miniflare offers it. */
  explorer: string | null;
}

/** The endpoints the page reads, with the token of the URL it was opened with. */
export class Api {
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  async #get<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await fetch(path, { ...init, headers: { authorization: `Bearer ${this.#token}` }, cache: "no-store" });
    const body = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
    if (!response.ok) throw new Error(body?.error?.message ?? `${path} answered ${response.status}`);
    return body as T;
  }

  board(): Promise<StatusBoard> {
    return this.#get(STATUS_PATH);
  }

  info(): Promise<HostInfo> {
    return this.#get(`${HOST_PREFIX}info`);
  }

  instance(className: string, id: string): Promise<InstanceDetail> {
    return this.#get(`${API_PREFIX}instance?${query({ class: className, id })}`);
  }

  kv(className: string, id: string, after: string | null): Promise<KvPage> {
    return this.#get(`${API_PREFIX}kv?${query({ class: className, id, after: after ?? "" })}`);
  }

  sql(className: string, id: string, table: string, offset: number): Promise<SqlPage> {
    return this.#get(`${API_PREFIX}sql?${query({ class: className, id, table, offset: String(offset) })}`);
  }

  schedule(className: string, id: string, schedule: string, action: "run" | "cancel"): Promise<{ ok: boolean }> {
    return this.#get(`${API_PREFIX}schedule?${query({ class: className, id, schedule, action })}`, { method: "POST" });
  }
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The token the page was opened with (`/__dorm/inspector?token=…`). */
export const tokenFromLocation = () => new URLSearchParams(location.search).get(TOKEN_PARAM) ?? "";
