// Item 6: a name over 1,024 bytes reached an object whose ctx.name was its hex id, so a
// `ctx.name.startsWith("staff-")` check was skipped: 1,024 characters were refused (401),
// 1,025 let in. Now the length rule is enforced where a name enters: get, getByName,
// idFromName and the router.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABUSE_APP, runApp, type RunningApp } from "./harness.js";

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(ABUSE_APP);
});
afterAll(() => app?.dispose());

const staff = (bytes: number, char = "x") => `staff-${char.repeat((bytes - 6) / new TextEncoder().encode(char).length)}`;

describe("6. object names are at most 1,024 bytes wherever they enter", () => {
  it("the router: 1,024 bytes reach the object's own check (401); 1,025 are refused before any object", async () => {
    const at = await app.fetch(`/objects/gate/${staff(1024)}`);
    expect(at.status).toBe(401);
    await at.body?.cancel();
    for (const name of [staff(1026), staff(1026, "é"), staff(4096)]) {
      const over = await app.fetch(`/objects/gate/${encodeURIComponent(name)}`);
      expect(over.status).toBe(400);
      expect(await over.json()).toMatchObject({ error: { code: "DORM_NAME_TOO_LONG" } });
    }
    // Only the object of the 1,024-byte name ever existed.
    expect(app.storedObjects("Gate")).toHaveLength(1);
  });

  it("the accessors: get, getByName and idFromName throw DORM_NAME_TOO_LONG", async () => {
    const probe = async (name: string) => (await app.fetch(`/name-probe?name=${encodeURIComponent(name)}`)).json() as Promise<Record<string, { ok?: unknown; error?: string }>>;
    expect(await probe(staff(1024))).toMatchObject({ get: { ok: staff(1024) }, getByName: { ok: staff(1024) } });
    const over = await probe(staff(1025 + 1));
    for (const accessor of ["get", "getByName", "idFromName"]) {
      expect(over[accessor]?.error).toMatch(new RegExp(`^\\[DORM_NAME_TOO_LONG\\] durableObjects\\.gate\\.${accessor}: an object's name is at most 1,024 bytes`));
    }
  });
});
