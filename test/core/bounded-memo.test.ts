import { Lazy } from "cdktf";
import { BoundedMemo, memoKey } from "../../lib/core/bounded-memo";

describe("memoKey", () => {
  test("plain data with equal content has equal keys", () => {
    expect(memoKey({ a: [1, "x", { b: true }] })).toBe(memoKey({ a: [1, "x", { b: true }] }));
    expect(memoKey({ a: "1" })).not.toBe(memoKey({ a: 1 }));
  });

  test("token objects are keyed by identity, not by their toJSON (always '<unresolved-token>')", () => {
    const first = Lazy.stringValue({ produce: () => "a" });
    const second = Lazy.stringValue({ produce: () => "b" });
    const asObject = (token: unknown) => ({ environment: { VALUE: token } });
    const firstToken = Lazy.anyValue({ produce: () => first });
    const secondToken = Lazy.anyValue({ produce: () => second });
    expect(JSON.stringify(asObject(firstToken))).toBe(JSON.stringify(asObject(secondToken)));
    expect(memoKey(asObject(firstToken))).not.toBe(memoKey(asObject(secondToken)));
    expect(memoKey(asObject(firstToken))).toBe(memoKey(asObject(firstToken)));
  });
});

describe("BoundedMemo", () => {
  test("computes once per key, does not remember failures, and empties itself at its limit", () => {
    const memo = new BoundedMemo<number>(2);
    let calls = 0;
    const compute = (n: number) => () => (calls++, n);
    expect(memo.get("a", compute(1))).toBe(1);
    expect(memo.get("a", compute(2))).toBe(1);
    expect(calls).toBe(1);
    expect(() =>
      memo.get("bad", () => {
        throw new Error("refused");
      }),
    ).toThrow("refused");
    expect(memo.get("bad", compute(3))).toBe(3);
    expect(memo.get("c", compute(4))).toBe(4); // the third key empties the memo first
    expect(memo.get("a", compute(5))).toBe(5);
  });
});
