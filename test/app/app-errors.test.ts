// The app's last line of defence, in Node: a fault of the service (here a runtime that cannot be
// built) is answered as an `internal` problem, logged, and never leaks its message.
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../functions/app.ts";

describe("internal errors", () => {
  it("answer 500 /v1/problems/internal as problem+json", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createApp(() => {
      throw new Error("secret detail of a broken deployment");
    });
    const response = await app.request("/v1/models");
    expect(response.status).toBe(500);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({ type: "/v1/problems/internal", status: 500, instance: "/v1/models" });
    expect(body).not.toContain("secret detail");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("leave the no-op route untouched (it needs no runtime)", async () => {
    const app = createApp(() => {
      throw new Error("unused");
    });
    expect((await app.request("/v1/ping")).status).toBe(200);
  });
});
