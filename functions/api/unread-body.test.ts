import { describe, expect, it } from "vitest";
import { discardUnreadBody } from "./unread-body.ts";

/** A POST whose body is `chunks` chunks of 1 KiB, counting how many were read. */
function countedRequest(chunks: number): { request: Request; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(1024));
    },
  });
  return { request: new Request("http://x/", { method: "POST", body }), pulled: () => pulled };
}

describe("discardUnreadBody", () => {
  it("reads an unread body to its end", async () => {
    const { request, pulled } = countedRequest(50);
    await discardUnreadBody(request, 1024 * 1024);
    expect(pulled()).toBe(50);
    expect(request.bodyUsed).toBe(true);
  });
  it("reads the rest of a body read in part", async () => {
    const { request, pulled } = countedRequest(50);
    const reader = request.body!.getReader();
    await reader.read();
    reader.releaseLock();
    await discardUnreadBody(request, 1024 * 1024);
    expect(pulled()).toBe(50);
  });
  it("leaves a body that is being read", async () => {
    const { request, pulled } = countedRequest(50);
    const reader = request.body!.getReader();
    await reader.read();
    const before = pulled();
    await discardUnreadBody(request, 1024 * 1024);
    expect(pulled()).toBe(before);
  });
  it("stops reading past maxBytes", async () => {
    const { request, pulled } = countedRequest(50);
    await discardUnreadBody(request, 10 * 1024);
    expect(pulled()).toBeLessThan(50);
  });
  it("leaves a body that was read, and a request without one", async () => {
    const { request } = countedRequest(3);
    expect((await request.arrayBuffer()).byteLength).toBe(3 * 1024);
    await expect(discardUnreadBody(request, 1024)).resolves.toBeUndefined();
    await expect(discardUnreadBody(new Request("http://x/"), 1024)).resolves.toBeUndefined();
  });
});
