// npm run docs:examples
// Example requests and the answers the app gives them now (Node serving path, committed models):
// functions/api/examples.json, which the docs page shows per route. Generated sequences only; the
// contract test replays each request against workerd and fails when an answer has drifted from its
// example, so the page never shows a stale answer.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomRna, reverseComplement, seededRandom } from "../lib/generators.ts";
import { nodeApp } from "../lib/node-app.ts";
import { runCli } from "../lib/cli.ts";
import { repoRoot } from "../lib/paths.ts";

/** The requests: small enough to read, rich enough to show every kind of evidence. */
function exampleRequests(): Array<{ method: "GET" | "POST"; path: string; body?: unknown }> {
  const random = seededRandom(2024);
  const mirnas = Array.from({ length: 6 }, (_, i) => ({
    id: `demo-miR-${i + 1}`,
    sequence: randomRna(random, 21 + (i % 2)),
  }));
  const host = randomRna(random, 600, "AAUUUGCAGUAUCUGA");
  // a lncRNA with a perfect site of miRNA 1 and a seed site of miRNA 2, so the evidence has something to show
  const lncrna =
    host.slice(0, 200) +
    reverseComplement(mirnas[0]!.sequence) +
    host.slice(200, 400) +
    reverseComplement(mirnas[1]!.sequence.slice(1, 8)) +
    "A" +
    host.slice(400);
  return [
    {
      method: "POST",
      path: "/v1/predict",
      body: { pairs: mirnas.slice(0, 2).map((m) => ({ id: `${m.id}/demo-lnc`, mirna: m.sequence, lncrna })) },
    },
    {
      method: "POST",
      path: "/v1/screen",
      body: {
        lncrna: `>demo-lnc\n${lncrna}`,
        mirnaFasta: mirnas.map((m) => `>${m.id}\n${m.sequence}`).join("\n"),
        topK: 2,
      },
    },
    { method: "GET", path: "/v1/health" },
    { method: "GET", path: "/v1/ping" },
  ];
}

runCli(async () => {
  const app = nodeApp();
  const examples = [];
  for (const request of exampleRequests()) {
    const response = await app.request(request.path, {
      method: request.method,
      ...(request.body !== undefined
        ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(request.body) }
        : {}),
    });
    if (response.status !== 200) throw new Error(`${request.method} ${request.path} answered ${response.status}`);
    examples.push({ ...request, response: await response.json() });
  }
  const out = join(repoRoot, "functions", "api", "examples.json");
  writeFileSync(out, JSON.stringify(examples, null, 2) + "\n");
  console.error(`wrote ${out}`);
});
