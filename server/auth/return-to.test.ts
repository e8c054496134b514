import { describe, expect, it } from "vitest";
import { DEFAULT_LANDING, safeReturnTo } from "./return-to";

const origin = "https://portal.example.com";

describe("safeReturnTo", () => {
  it("keeps a same-origin path with its query and fragment, as it was written", () => {
    expect(safeReturnTo("/customer-portal/reports?q=1#top", origin)).toBe("/customer-portal/reports?q=1#top");
    expect(safeReturnTo("/customer-portal/reports?q=caf%C3%A9", origin)).toBe(
      "/customer-portal/reports?q=caf%C3%A9",
    );
    expect(safeReturnTo("/", origin)).toBe("/");
    expect(safeReturnTo("/customer-portal/reports//", origin)).toBe("/customer-portal/reports//");
  });

  it("takes a path of up to 2000 characters", () => {
    const longest = `/${"a".repeat(1999)}`;
    expect(safeReturnTo(longest, origin)).toBe(longest);
    expect(safeReturnTo(`${longest}a`, origin)).toBe(DEFAULT_LANDING);
  });

  it.each([
    ["not text", 42],
    ["a list", ["/customer-portal"]],
    ["a relative path", "customer-portal"],
    ["a protocol-relative URL", "//evil.example/x"],
    ["a backslash", "/\\evil.example"],
    ["a backslash later on", "/customer-portal\\..\\x"],
    ["a space", "/customer portal"],
    ["a tab", "/\t/evil.example"],
    ["a line feed", "/customer-portal\nSet-Cookie: x=1"],
    ["a control character", "/customer-portal\u0001"],
    ["a unit separator", "/customer-portal\u001f"],
    ["an encoded slash pair", "/%2f%2fevil.example"],
    ["an encoded slash pair in capitals", "/%2F%2Fevil.example"],
    ["an encoded backslash", "/%5cevil.example"],
    ["an encoded backslash later on", "/customer-portal/%5C..%5Cx"],
    ["broken percent-encoding", "/customer-portal/%E0%A4"],
    ["a lone percent sign", "/50%"],
  ])("falls back to the portal for %s", (_, value) => {
    expect(safeReturnTo(value, origin)).toBe(DEFAULT_LANDING);
  });

  it("keeps a path whose only slash pair is encoded after the first segment", () => {
    expect(safeReturnTo("/customer-portal/%2f%2fx", origin)).toBe("/customer-portal/%2f%2fx");
  });

  it("keeps characters above the control range", () => {
    expect(safeReturnTo("/customer-portal/reports?q=a!~", origin)).toBe("/customer-portal/reports?q=a!~");
  });
});
