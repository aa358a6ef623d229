import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isLoopbackHost, refusal, tokenOf } from "./auth.js";

const TOKEN = "s3cret-token";
const request = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe("dev endpoint access", () => {
  it("loopback addresses and host names", () => {
    for (const ip of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) expect(isLoopbackAddress(ip)).toBe(true);
    for (const ip of ["10.0.0.2", "192.168.1.20", "::ffff:10.0.0.1", "8.8.8.8", "fe80::1", "127.0.0.1.evil.com"]) expect(isLoopbackAddress(ip)).toBe(false);
    for (const host of ["localhost", "localhost:8787", "127.0.0.1:5173", "[::1]:8787", "[::1]", "app.localhost:3000", "LOCALHOST"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["evil.com", "evil.com:8787", "192.168.1.2:8787", "localhost.evil.com", "127.0.0.1.nip.io"]) expect(isLoopbackHost(host)).toBe(false);
  });

  it("the token comes as a bearer header or as ?token=", () => {
    expect(tokenOf(request("http://127.0.0.1/__dorm/status", { authorization: `Bearer ${TOKEN}` }))).toBe(TOKEN);
    expect(tokenOf(request(`http://127.0.0.1/__dorm/inspector?token=${TOKEN}`))).toBe(TOKEN);
    expect(tokenOf(request("http://127.0.0.1/__dorm/inspector"))).toBe("");
  });

  it("401 without the right token, 403 for other machines, null when allowed", async () => {
    const ok = request(`http://127.0.0.1:8787/__dorm/status?token=${TOKEN}`);
    expect(refusal(ok, TOKEN, "127.0.0.1")).toBeNull();
    expect(refusal(ok, TOKEN, null)).toBeNull();

    const none = refusal(request("http://127.0.0.1:8787/__dorm/status"), TOKEN, "127.0.0.1")!;
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: "DORM_BAD_TOKEN" } });
    expect(refusal(request("http://127.0.0.1:8787/__dorm/status?token=wrong-token!"), TOKEN, null)!.status).toBe(401);

    const lan = refusal(ok, TOKEN, "192.168.1.20")!;
    expect(lan.status).toBe(403);
    expect(await lan.json()).toMatchObject({ error: { code: "DORM_NOT_LOOPBACK", message: expect.stringContaining("192.168.1.20") } });
    // A page elsewhere whose name resolves to 127.0.0.1 (DNS rebinding) names itself in Host.
    const rebound = refusal(request(`http://127.0.0.1:8787/__dorm/status?token=${TOKEN}`, { host: "evil.example:8787" }), TOKEN, "127.0.0.1")!;
    expect(rebound.status).toBe(403);
  });
});
