import { readFile, writeFile, mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import type { StoredInstances } from "dorm/dev/board";

/**
 * The names instances were seen under, kept by the dev server: persisted storage holds only ids,
 * and a rebuild starts a new isolate that has seen nothing yet. Saved beside the dev state file,
 * so the next run shows the names too.
 */
export class NameBook {
  readonly #file: string;
  #names: StoredInstances = {};
  #loaded: Promise<void> | null = null;
  #saving: Promise<void> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
  }

  #load(): Promise<void> {
    this.#loaded ??= readFile(this.#file, "utf8")
      .then((text) => {
        const parsed = JSON.parse(text) as unknown;
        if (parsed && typeof parsed === "object") this.#names = parsed as StoredInstances;
      })
      .catch(() => undefined);
    return this.#loaded;
  }

  async get(className: string, id: string): Promise<string | null> {
    await this.#load();
    return this.#names[className]?.[id] ?? null;
  }

  async remember(names: StoredInstances): Promise<void> {
    await this.#load();
    for (const [className, byId] of Object.entries(names)) {
      if (!byId || typeof byId !== "object") continue;
      for (const [id, name] of Object.entries(byId)) if (typeof name === "string") (this.#names[className] ??= {})[id] = name;
    }
    const text = `${JSON.stringify(this.#names, null, 2)}\n`;
    // One write at a time, each whole (through a rename).
    this.#saving = this.#saving.then(async () => {
      await mkdir(dirname(this.#file), { recursive: true });
      await writeFile(`${this.#file}.tmp`, text);
      await rename(`${this.#file}.tmp`, this.#file);
    });
    await this.#saving.catch(() => undefined);
  }
}
