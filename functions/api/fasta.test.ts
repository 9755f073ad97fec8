import { describe, expect, it } from "vitest";
import { fastaPosition, parseFastaInput } from "./fasta.ts";
import type { FieldError } from "./problems.ts";

const parse = (text: string) => {
  const errors: FieldError[] = [];
  return { records: parseFastaInput({ text, name: "f", pointer: "/f" }, errors), errors };
};

describe("parseFastaInput", () => {
  it("keeps ids (first word), header lines and sequence text, across CRLF, wrapping and blank lines", () => {
    const { records, errors } = parse("\r\n>a first record\r\nACGU\r\nAC\r\n\r\n>b\nGG\n");
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.id, r.line])).toEqual([
      ["a", 2],
      ["b", 6],
    ]);
    expect(records[0]!.text).toBe("ACGU\r\nAC\r\n\r");
    expect(records[1]!.text).toBe("GG\n");
  });

  it("reports sequence before the first header, a header without id and an empty text", () => {
    expect(parse("ACGU\n>a\nAC").errors[0]).toMatchObject({
      type: "/v1/problems/invalid-fasta",
      pointer: "/f",
      line: 1,
    });
    expect(parse(">a\nAC\n> \nAC").errors[0]).toMatchObject({ line: 3 });
    expect(parse("\n \n").errors[0]!.detail).toMatch(/no FASTA record/);
  });
});

describe("fastaPosition", () => {
  it("maps a character of a record's text to its line and column in the FASTA", () => {
    const { records } = parse(">a\nACGU\nACXU\n");
    expect(fastaPosition(records[0]!, 8)).toEqual({ line: 3, column: 3 });
    expect(fastaPosition(records[0]!, 1)).toEqual({ line: 2, column: 1 });
  });
});
