// Early answers keep the connection: requests pipelined on one HTTP/1.1 connection straight to
// workerd, the first answered without its body being read (404, 405, 415, 413) or read in part, the second a
// ping. workerd closes the connection after an answer that left the body unread, and a kept-alive
// client then loses the request it sends next (behind wrangler's dev proxy: a 503 "Your worker
// restarted mid-request").
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDirectWorker, type DirectWorker } from "../../scripts/lib/direct-worker.ts";

let worker: DirectWorker;
beforeAll(async () => {
  worker = await startDirectWorker();
});
afterAll(async () => {
  await worker?.dispose();
});

const PING = "GET /v1/ping HTTP/1.1\r\nHost: lmi\r\n\r\n";

/** The statuses answered on one connection to two pipelined requests (fewer if it closes first). */
function pipelined(first: string, body: string): Promise<number[]> {
  return new Promise((resolve) => {
    const socket = connect(Number(worker.url.port), worker.url.hostname);
    let text = "";
    // a status line may follow the previous body on the same line
    const statuses = () => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    const done = () => {
      socket.destroy();
      resolve(statuses());
    };
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (statuses().length === 2) done();
    });
    socket.on("close", done);
    socket.on("error", done);
    socket.write(`${first}\r\nHost: lmi\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body);
    socket.write(PING);
  });
}

const SMALL = JSON.stringify({ pairs: [{ mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: "ACGU".repeat(20) }] });
const LARGE = JSON.stringify({ pairs: [{ mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: "ACGU".repeat(50_000) }] });

describe("a request answered without reading its body", () => {
  it.each([
    ["POST to no route", "POST /v1/nowhere HTTP/1.1\r\nContent-Type: application/json", SMALL, 404],
    ["PUT to /v1/predict", "PUT /v1/predict HTTP/1.1\r\nContent-Type: application/json", SMALL, 405],
    ["an unsupported media type", "POST /v1/predict HTTP/1.1\r\nContent-Type: text/plain", SMALL, 415],
    [
      "a body that is not the gzip it claims (read in part)",
      "POST /v1/predict HTTP/1.1\r\nContent-Type: application/json\r\nContent-Encoding: gzip",
      LARGE,
      400,
    ],
  ])("%s leaves the connection to the next request", async (_label, first, body, status) => {
    expect(await pipelined(first, body)).toEqual([status, 200]);
  });

  it("a body over the limit gets its 413, and the connection serves the next request", async () => {
    const huge = JSON.stringify({ pairs: [{ mirna: "UGAGGUAGUAGGUUGUAUAGUU", lncrna: "ACGU".repeat(1_400_000) }] });
    expect(await pipelined("POST /v1/predict HTTP/1.1\r\nContent-Type: application/json", huge)).toEqual([413, 200]);
  });
});
