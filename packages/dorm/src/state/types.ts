/** Where an object keeps its data. SQLite is the default and what Cloudflare recommends. */
export type StorageKind = "sqlite" | "kv";
