import { describe, expect, it } from "vitest";
import { DOMAIN_OF_HEAD, HEAD_OF_DOMAIN, domainFrom } from "./heads.ts";

describe("heads", () => {
  it("reads the domain of each head back from the head of each domain", () => {
    for (const [domain, head] of Object.entries(HEAD_OF_DOMAIN)) expect(DOMAIN_OF_HEAD[head]).toBe(domain);
  });

  it("names the request's species first, then a listed miRNA, else the gate", () => {
    expect(domainFrom(true, "plant")).toBe("species");
    expect(domainFrom(true, undefined)).toBe("species");
    expect(domainFrom(false, "human")).toBe("mirna");
    expect(domainFrom(false, undefined)).toBe("gate");
  });
});
